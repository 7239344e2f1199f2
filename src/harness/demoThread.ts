// The timing thread of `seedloop live --demo` and the live bench: the simulated DAW and keyboard
// play into the real engine (and the model in its worker), all in the thread's own event loop.
import { attach, config, openModel, post, presets, raisePriority, runThread } from '../live/threadHost.ts';
import { runLiveDemo } from './demo.ts';

runThread(async () => {
  const generator = await openModel();
  const priority = raisePriority();
  const result = await runLiveDemo({
    generator,
    modelName: generator.manifest.name,
    settings: config.settings,
    candidates: config.candidates,
    presets,
    settingsFile: config.settingsFile,
    meter: config.meter,
    bpm: config.bpm,
    loops: config.loops,
    jitterMs: config.jitterMs,
    perform: config.perform,
    onEngine: (engine) => {
      attach(engine);
      engine.setStatus('info', priority);
    },
  });
  post({ type: 'done', result: { ...result, priority, model: generator.manifest.name, provider: generator.provider } });
});
