// Placeholder until the MyNumberCardSim issue work lands; delete when the first real file is added.
