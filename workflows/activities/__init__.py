"""Activities: the worker's calls to the four services and to the kommun's systems over
HTTP. Workflow code imports them only under ``workflow.unsafe.imports_passed_through()``."""
