// Where a model can run (ORT execution providers by seedloop's names). Its own file so the CLI and
// the timing thread can name a device without loading onnxruntime.
export type Device = 'auto' | 'cpu' | 'webgpu' | 'cuda' | 'coreml' | 'dml';
export const DEVICES: Device[] = ['auto', 'cpu', 'webgpu', 'cuda', 'coreml', 'dml'];
/** A real provider: every device but `auto`. */
export type Provider = Exclude<Device, 'auto'>;
