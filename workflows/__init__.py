"""The Temporal side of Medborgarbudget: one ``BudgetRoundWorkflow`` per round, one
``ImplementationWorkflow`` per round that runs one ``ProjectWorkflow`` per approved project,
and the activities that carry ids, counts and results between the four services over HTTP."""
