"""Decision service: approvals by people (passed to the workflow as signals) and the records the
workflow writes back: ballot approval, voting result, council decision, projects, evaluation."""
