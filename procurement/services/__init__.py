"""Joint procurement's workflows, by subject (the same subjects as models and views)."""
