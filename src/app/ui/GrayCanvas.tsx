import { createEffect } from 'solid-js';

/** 8-bit gray pixels drawn on a canvas (scaled up by CSS, pixelated). */
export function GrayCanvas(props: { width: number; height: number; pixels?: ArrayLike<number>; class?: string; testid?: string }) {
  let c!: HTMLCanvasElement;
  createEffect(() => {
    const px = props.pixels;
    const ctx = c.getContext('2d');
    if (!ctx || !px) return;
    c.width = props.width; c.height = props.height;
    const img = ctx.createImageData(props.width, props.height);
    for (let i = 0; i < props.width * props.height; i++) {
      const v = Number(px[i] ?? 0);
      img.data[4 * i] = v; img.data[4 * i + 1] = v; img.data[4 * i + 2] = v; img.data[4 * i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  });
  return <canvas ref={c} class={props.class ?? 'preview'} width={props.width} height={props.height} data-testid={props.testid} />;
}
