// Placeholder until the CounterTUI issue work lands; delete when the first real file is added.
