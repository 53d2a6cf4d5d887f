// Placeholder until the FormPreprint issue work lands; delete when the first real file is added.
