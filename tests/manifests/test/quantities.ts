const binary: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 };
const decimal: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9 };

/** CPU quantity in millicores: "50m" -> 50, "0.5" -> 500, "1" -> 1000. */
export function millicores(quantity: string): number {
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(quantity);
  if (!m) throw new Error(`not a CPU quantity: ${quantity}`);
  return m[2] === 'm' ? Number(m[1]) : Number(m[1]) * 1000;
}

/** Memory quantity in bytes: "128Mi", "1Gi", "500M", "1000". */
export function bytes(quantity: string): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|k|M|G|)$/.exec(quantity);
  const unit = m?.[2] ?? '';
  const factor = binary[unit] ?? decimal[unit];
  if (!m || factor === undefined) throw new Error(`not a memory quantity: ${quantity}`);
  return Number(m[1]) * factor;
}
