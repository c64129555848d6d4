"""Decision service: approvals by people (passed to the workflows as signals), the records the
workflows write back (ballot approval, voting result, council decision, projects, evaluation)
and the final report."""
