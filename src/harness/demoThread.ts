// The timing thread of `seedloop live --demo` and the live bench: the simulated DAW and keyboard
// play into the real engine (and the model in its worker), all in the thread's own event loop.
import { attach, config, engineBasics, openModel, post, raisePriority, runThread } from '../live/threadHost.ts';
import { runLiveDemo } from './demo.ts';

runThread(async () => {
  const generator = await openModel();
  const priority = raisePriority();
  const result = await runLiveDemo({
    ...engineBasics(generator),
    loops: config.loops,
    jitterMs: config.jitterMs,
    onEngine: (engine) => {
      attach(engine);
      engine.setStatus('info', priority);
    },
  });
  post({ type: 'done', result: { ...result, priority, model: generator.manifest.name, provider: generator.provider } });
});
