// Which ports `seedloop live` opens on each platform. RtMidi (vendored in @julusian/midi) decides
// what is possible: CoreMIDI and ALSA create virtual ports, WinMM cannot (RtMidi.cpp,
// MidiOutWinMM::openVirtualPort only warns on stderr), so Windows needs loopback ports (loopMIDI).
import { UserError } from '../errors.ts';
import { VIRTUAL_IN, VIRTUAL_OUT, resolvePort, type MidiInPort, type MidiOutPort, type MidiTransport } from './transport.ts';

export const hasVirtualPorts = (platform: string): boolean => platform !== 'win32';

/** WinMM lists each port as "<name> <index>" (RtMidi.cpp MidiInWinMM/MidiOutWinMM::getPortName, "add the
 * portNumber to the name"), so the index changes when another device is unplugged: compare base names. */
export function baseName(name: string, platform: string): string {
  return platform === 'win32' ? name.replace(/ \d+$/, '') : name;
}

/** Ports that echo whatever they receive: the same one as input and output is a feedback loop. */
const LOOPBACK = /loopmidi|loopbe|iac driver|midi through|seedloop/i;

export const WINDOWS_NO_VIRTUAL =
  'Windows has no virtual MIDI ports: create two loopMIDI ports named "seedloop in" and "seedloop out" ' +
  '(or any loopback driver), or pass --in/--out with existing ports (seedloop ports lists them)';

/** The lines `seedloop ports` prints under the lists: what live will open without --in/--out. */
export function defaultsNote(platform: string, names: { inputs: string[]; outputs: string[] }): string[] {
  if (hasVirtualPorts(platform)) {
    return [
      `Without --in/--out, seedloop live opens virtual ports "${VIRTUAL_IN}" and "${VIRTUAL_OUT}": connect your DAW to them.`,
      'Never give one loopback port (an IAC bus, Midi Through) as both --in and --out: that is a feedback loop.',
    ];
  }
  const found = (list: string[], want: string) => list.find((n) => baseName(n, platform).toLowerCase() === want);
  const inName = found(names.inputs, VIRTUAL_IN);
  const outName = found(names.outputs, VIRTUAL_OUT);
  const lines = [
    'Windows has no virtual MIDI ports. Create two loopMIDI ports named "seedloop in" and "seedloop out";',
    'seedloop live then picks them without --in/--out. Never use one loopback port as both input and output.',
  ];
  lines.push(inName && outName ? `Found: input "${inName}", output "${outName}".` : `Missing: ${[inName ? '' : `"${VIRTUAL_IN}"`, outName ? '' : `"${VIRTUAL_OUT}"`].filter(Boolean).join(' and ')}.`);
  return lines;
}

export interface PortPlan {
  inputs: (string | undefined)[]; // exact names to open; undefined = our virtual input
  output: string | undefined;
  clockIn?: string; // the input (its name as opened) whose clock counts
}

/** Resolve --in (any number) and --out against the ports on offer; every refusal is one UserError line. */
export function planPorts(platform: string, available: { inputs: string[]; outputs: string[] }, want: { ins: string[]; out?: string; clockIn?: string }): PortPlan {
  const pick = (names: string[], spec: string, flag: string): string => {
    const i = resolvePort(names, spec);
    if (i < 0) throw new UserError(`${flag} "${spec}": no such MIDI ${flag === '--in' ? 'input' : 'output'} port; available: ${names.map((n) => `"${n}"`).join(', ') || 'none'}`);
    return names[i];
  };
  const byDefault = (names: string[], want: string): string => {
    const found = names.find((n) => baseName(n, platform).toLowerCase() === want);
    if (!found) throw new UserError(WINDOWS_NO_VIRTUAL);
    return found;
  };
  const virtual = hasVirtualPorts(platform);
  const inputs = want.ins.length
    ? want.ins.map((spec) => pick(available.inputs, spec, '--in'))
    : [virtual ? undefined : byDefault(available.inputs, VIRTUAL_IN)];
  const output = want.out !== undefined ? pick(available.outputs, want.out, '--out') : virtual ? undefined : byDefault(available.outputs, VIRTUAL_OUT);
  if (new Set(inputs).size !== inputs.length) throw new UserError(`--in: the same port is given twice ("${inputs.find((n, i) => inputs.indexOf(n) !== i)}")`);
  for (const input of inputs) {
    if (input === undefined || output === undefined) continue;
    const base = baseName(input, platform).toLowerCase();
    if (base === baseName(output, platform).toLowerCase() && LOOPBACK.test(base)) {
      throw new UserError(
        `--in "${input}" and --out "${output}" are the same loopback port: what seedloop sends would come straight back (a feedback loop); use two ports, e.g. "${VIRTUAL_IN}" and "${VIRTUAL_OUT}"`,
      );
    }
  }
  let clockIn: string | undefined;
  if (want.clockIn !== undefined) {
    const opened = inputs.map((n) => n ?? VIRTUAL_IN);
    const i = resolvePort(opened, want.clockIn);
    if (i < 0) throw new UserError(`--clock-in "${want.clockIn}": not one of the input ports (${opened.map((n) => `"${n}"`).join(', ')}); add it with --in`);
    clockIn = opened[i];
  }
  return { inputs, output, clockIn };
}

/** Plan, then open: the output first (a refusal costs nothing), then each input. */
export function openPorts(transport: MidiTransport, platform: string, want: { ins: string[]; out?: string; clockIn?: string }): { inputs: MidiInPort[]; output: MidiOutPort; clockIn?: string } {
  const plan = planPorts(platform, transport.listPorts(), want);
  const output = transport.openOutput(plan.output);
  return { output, inputs: plan.inputs.map((spec) => transport.openInput(spec)), clockIn: plan.clockIn };
}
