// The timing thread of `seedloop live`: the engine, its MIDI ports and the clock run here, in their
// own event loop, so screen rendering and worker traffic on the main thread never delay a note.
import { RealtimeScheduler } from '../clock/scheduler.ts';
import { openNativeTransport } from '../midi/native.ts';
import { LiveEngine } from './engine.ts';
import { attach, config, openModel, post, presets, raisePriority, runThread } from './threadHost.ts';

runThread(async () => {
  // The model first: its worker checks --meter, so a bad meter is named even where the ports would fail.
  const generator = await openModel();
  const transport = await openNativeTransport().catch(async (err: unknown) => {
    await generator.close();
    throw err;
  });
  const priority = raisePriority();
  const scheduler = new RealtimeScheduler();
  const engine = new LiveEngine({
    scheduler,
    input: transport.openInput(config.in),
    output: transport.openOutput(config.out),
    generator,
    modelName: generator.manifest.name,
    settings: config.settings,
    candidates: config.candidates,
    presets,
    settingsFile: config.settingsFile,
    meter: config.meter,
    bpm: config.bpm,
    clockOut: config.clockOut,
  });
  attach(engine);
  engine.setStatus('info', priority);
  await new Promise<void>((resolve) => engine.subscribe((s) => s.stopped && resolve()));
  scheduler.clear();
  post({ type: 'done', result: null });
});
