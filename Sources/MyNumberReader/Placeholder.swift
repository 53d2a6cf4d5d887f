// Placeholder until the MyNumberReader issue work lands; delete when the first real file is added.
