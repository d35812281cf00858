// Microphone → 16 kHz mono pcm16 in 100 ms chunks (posted as ArrayBuffers to the page).
class PcmCapture extends AudioWorkletProcessor {
  constructor() {
    super();
    this.ratio = sampleRate / 16000;
    this.pos = 0;
    this.out = new Int16Array(1600);
    this.fill = 0;
  }
  process(inputs) {
    const input = inputs[0] && inputs[0][0];
    if (!input) return true;
    // linear interpolation from the context rate down to 16 kHz
    while (this.pos < input.length - 1) {
      const i = Math.floor(this.pos), frac = this.pos - i;
      const v = input[i] * (1 - frac) + input[i + 1] * frac;
      this.out[this.fill++] = Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
      if (this.fill === this.out.length) {
        this.port.postMessage(this.out.buffer, [this.out.buffer]);
        this.out = new Int16Array(1600);
        this.fill = 0;
      }
      this.pos += this.ratio;
    }
    this.pos -= input.length;
    return true;
  }
}
registerProcessor('pcm-capture', PcmCapture);
