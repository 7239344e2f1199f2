// The timing thread of `seedloop live`: the engine, its MIDI ports and the clock run here, in their
// own event loop, so screen rendering and worker traffic on the main thread never delay a note.
import { RealtimeScheduler } from '../clock/scheduler.ts';
import { UserError } from '../errors.ts';
import { openNativeTransport } from '../midi/native.ts';
import { openPorts } from '../midi/platform.ts';
import { LiveEngine } from './engine.ts';
import { attach, config, engineBasics, openModel, post, raisePriority, runThread } from './threadHost.ts';

runThread(async () => {
  // The model first: its worker checks --meter, so a bad meter is named even where the ports would fail.
  const generator = await openModel();
  const transport = await openNativeTransport().catch(async (err: unknown) => {
    await generator.close();
    throw err;
  });
  const priority = raisePriority();
  const scheduler = new RealtimeScheduler();
  const ports = await Promise.resolve()
    .then(() => openPorts(transport, process.platform, { ins: config.ins ?? [], out: config.out, clockIn: config.clockIn }))
    .catch(async (err: unknown) => {
      await generator.close(); // an unknown port or a Windows without loopback ports: one line, nothing left running
      throw err;
    });
  const { inputs, output, clockIn } = ports;
  const engine = new LiveEngine({
    scheduler,
    inputs,
    output,
    routing: { clockIn, inChannel: config.inChannel ?? 'all', thru: config.thru ?? false },
    seedEnd: config.seedEnd,
    countIn: config.countIn,
    loopStart: config.loopStart,
    ...engineBasics(generator),
    clockOut: config.clockOut,
    groove: config.groove,
  });
  attach(engine);
  engine.setStatus('info', priority);
  await new Promise<void>((resolve) => engine.subscribe((s) => s.stopped && resolve()));
  scheduler.clear();
  if (engine.performing.recordError) throw new UserError(engine.performing.recordError);
  post({ type: 'done', result: null });
});
