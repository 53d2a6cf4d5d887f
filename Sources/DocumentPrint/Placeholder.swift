// Placeholder until the DocumentPrint issue work lands; delete when the first real file is added.
