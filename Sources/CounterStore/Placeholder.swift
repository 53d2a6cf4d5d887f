// Placeholder until the CounterStore issue work lands; delete when the first real file is added.
