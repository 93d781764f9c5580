export async function retry<T>(fn: () => Promise<T>, n = 3) {
  for (let i = 1; ; i++) {
    try { return await fn() } catch (e) { if (i >= n) throw e }
  }
}
