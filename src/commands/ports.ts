// seedloop ports: list the MIDI ports seedloop can connect to.
import type { CommandModule } from 'yargs';
import { UserError } from '../errors.ts';
import { noMidiServiceMessage, probeNativeMidi } from '../midi/native.ts';

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
    process.stdout.write('Without --in/--out, seedloop live opens virtual ports "seedloop in" and "seedloop out".\n');
  },
};
