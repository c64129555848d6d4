"""The end-to-end tests drive rounds with the package's driver, the one `medborgarbudget demo`
uses, on a stack they started themselves."""

from typing import Any

from temporalio.client import WorkflowHandle

from medborgarbudget import driver as shared
from medborgarbudget.driver import bearer, connect
from medborgarbudget.stack import LocalStack

__all__ = ["RoundDriver", "bearer", "connect"]


class RoundDriver(shared.RoundDriver):
    """The shared driver; its stack is the test's `LocalStack` (data folder, processes)."""

    stack: LocalStack

    def __init__(self, stack: LocalStack, handle: WorkflowHandle[Any, Any]) -> None:
        super().__init__(stack, handle)
