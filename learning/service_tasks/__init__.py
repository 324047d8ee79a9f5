"""活力先锋's two lists: the code of conduct members acknowledge and the tasks they claim; points redemption."""
