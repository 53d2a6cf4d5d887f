// Placeholder; delete when the first real test is added.
