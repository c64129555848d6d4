"""The round's phases, one module each with ``async def run(ctx, ...)``, in the order
``BudgetRoundWorkflow._phases`` runs them; ``context.RoundContext`` is what they share."""
