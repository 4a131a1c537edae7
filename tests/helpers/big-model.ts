/**
 * A synthetic tfjs model whose circuit is far too big for a browser tab, while its files stay tiny (a
 * few hundred weights): [64,64,1] → Conv2D(64, 3×3, same, ReLU) → GlobalAveragePooling2D → Dense(3,
 * softmax). About 2.4M multiply-accumulates and 262,144 ReLUs: an estimate of millions of constraints
 * that the transpiler computes in a moment, for the tests of the "does not fit" path (nothing compiles it).
 */
export function bigModelFiles(): { name: string; bytes: Uint8Array }[] {
  const topology = {
    class_name: 'Sequential',
    config: {
      name: 'too_big',
      layers: [
        { class_name: 'Conv2D', config: { name: 'conv', filters: 64, kernel_size: [3, 3], strides: [1, 1], padding: 'same', activation: 'relu', use_bias: true, batch_input_shape: [null, 64, 64, 1], dtype: 'float32', data_format: 'channels_last', dilation_rate: [1, 1] } },
        { class_name: 'GlobalAveragePooling2D', config: { name: 'gap', data_format: 'channels_last' } },
        { class_name: 'Dense', config: { name: 'out', units: 3, activation: 'softmax', use_bias: true } },
      ],
    },
    keras_version: 'tfjs-layers 4.22.0', backend: 'tensor_flow.js',
  };
  const specs = [['conv/kernel', [3, 3, 1, 64]], ['conv/bias', [64]], ['out/kernel', [64, 3]], ['out/bias', [3]]] as const;
  const data: number[] = [];
  let k = 1;
  for (const [, s] of specs) for (let i = 0; i < (s as readonly number[]).reduce((a, b) => a * b, 1); i++) data.push(Math.sin(k++ * 1.3) * 0.5);
  const json = { format: 'layers-model', modelTopology: topology, weightsManifest: [{ paths: ['weights.bin'], weights: specs.map(([name, shape]) => ({ name, shape, dtype: 'float32' })) }] };
  return [
    { name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(json)) },
    { name: 'weights.bin', bytes: new Uint8Array(Float32Array.from(data).buffer) },
  ];
}
