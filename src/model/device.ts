// Where a model can run (ORT execution providers by seedloop's names). Its own file so the CLI and
// the timing thread can name a device without loading onnxruntime.
export type Device = 'auto' | 'cpu' | 'webgpu' | 'cuda';
export const DEVICES: Device[] = ['auto', 'cpu', 'webgpu', 'cuda'];
