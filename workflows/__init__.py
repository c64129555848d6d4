"""The Temporal side of Medborgarbudget: one ``BudgetRoundWorkflow`` per round, one
``ProjectWorkflow`` per approved project, and the activities that carry ids, counts and
results between the four services over HTTP."""
