// seedloop ports: list the MIDI ports seedloop can connect to.
import type { CommandModule } from 'yargs';
import { UserError } from '../errors.ts';
import { noMidiServiceMessage, probeNativeMidi } from '../midi/probe.ts';
import { defaultsNote } from '../midi/platform.ts';

export const portsCommand: CommandModule<object, { json: boolean }> = {
  command: 'ports',
  describe: 'List MIDI input and output ports (use a name or index with live --in/--out)',
  builder: (y) => y.option('json', { type: 'boolean', default: false, describe: 'print JSON' }),
  handler: (argv) => {
    const probe = probeNativeMidi();
    if (!probe.ok) throw new UserError(noMidiServiceMessage(probe.error));
    if (argv.json) {
      process.stdout.write(`${JSON.stringify({ inputs: probe.inputs, outputs: probe.outputs })}\n`);
      return;
    }
    const list = (names: string[]) => (names.length ? names.map((n, i) => `  ${i}: ${n}`).join('\n') : '  (none)');
    process.stdout.write(`inputs:\n${list(probe.inputs)}\noutputs:\n${list(probe.outputs)}\n`);
    process.stdout.write(`${defaultsNote(process.platform, probe).join('\n')}\n`);
    process.stdout.write('--in may be given more than once (keyboard + DAW clock port); --clock-in NAME picks the clock.\n');
  },
};
