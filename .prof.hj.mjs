var __defProp = Object.defineProperty;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};

// engine/errors/base.ts
var OptvaultError;
var init_base = __esm({
  "engine/errors/base.ts"() {
    "use strict";
    OptvaultError = class extends Error {
      constructor(shortMessage, o = {}) {
        super(
          [shortMessage, o.where && `Where: ${o.where}`, o.fix && `Fix: ${o.fix}`].filter(Boolean).join("\n"),
          { cause: o.cause }
        );
        this.shortMessage = shortMessage;
      }
      shortMessage;
      name = "OptvaultError";
      exitCode = 1;
    };
  }
});

// engine/domain/uniswapSdk.ts
import { createRequire as createRequire2 } from "node:module";
var require2, core, v3, Token, CurrencyAmount, Price, FeeAmount, TICK_SPACINGS, Pool, TickListDataProvider, TickMath, encodeSqrtRatioX96, maxLiquidityForAmounts, nearestUsableTick, computePoolAddress, tickToPrice;
var init_uniswapSdk = __esm({
  "engine/domain/uniswapSdk.ts"() {
    "use strict";
    require2 = createRequire2(import.meta.url);
    core = require2("@uniswap/sdk-core");
    v3 = require2("@uniswap/v3-sdk");
    Token = core.Token;
    CurrencyAmount = core.CurrencyAmount;
    Price = core.Price;
    FeeAmount = v3.FeeAmount;
    TICK_SPACINGS = v3.TICK_SPACINGS;
    Pool = v3.Pool;
    TickListDataProvider = v3.TickListDataProvider;
    TickMath = v3.TickMath;
    encodeSqrtRatioX96 = v3.encodeSqrtRatioX96;
    maxLiquidityForAmounts = v3.maxLiquidityForAmounts;
    nearestUsableTick = v3.nearestUsableTick;
    computePoolAddress = v3.computePoolAddress;
    tickToPrice = v3.tickToPrice;
  }
});

// engine/errors/margin.ts
var MarginInvariantError;
var init_margin = __esm({
  "engine/errors/margin.ts"() {
    "use strict";
    init_base();
    MarginInvariantError = class extends OptvaultError {
      name = "MarginInvariantError";
      constructor(problem, fix) {
        super(`Margin: ${problem}.`, { fix });
      }
    };
  }
});

// engine/domain/cascade/btcUsdcPool.ts
function poolPriceUsd(p) {
  return Number(p.pool.token0Price.toSignificant(15));
}
function buildBtcUsdcPool(spec) {
  const fee = FEES[spec.feeBps];
  if (fee === void 0) throw new MarginInvariantError(`fee tier ${spec.feeBps} bps does not exist`, "use 5, 30 or 100");
  if (!(spec.priceUsd > 0)) throw new MarginInvariantError(`pool price must be positive, got ${spec.priceUsd}`, "give a USD price");
  const spacing = TICK_SPACINGS[fee];
  const sqrt = sqrtAt(spec.priceUsd);
  const ranges = spec.ranges.map((r) => {
    if (!(r.lowerUsd > 0 && r.upperUsd > r.lowerUsd)) {
      throw new MarginInvariantError(`range ${r.lowerUsd}..${r.upperUsd} USD is empty`, "use 0 < lowerUsd < upperUsd");
    }
    const lowerTick = nearestUsableTick(TickMath.getTickAtSqrtRatio(sqrtAt(r.lowerUsd)), spacing);
    const upperTick = nearestUsableTick(TickMath.getTickAtSqrtRatio(sqrtAt(r.upperUsd)), spacing);
    const liquidity = BigInt(maxLiquidityForAmounts(
      sqrt,
      TickMath.getSqrtRatioAtTick(lowerTick),
      TickMath.getSqrtRatioAtTick(upperTick),
      BigInt(Math.floor(r.btc * Number(BTC_RAW))).toString(),
      BigInt(Math.floor(r.usdc * Number(USDC_RAW))).toString(),
      true
    ).toString());
    return { lowerTick, upperTick, liquidity };
  });
  return poolAt({ ranges, fee }, sqrt);
}
function recenterPoolSpec(spec, priceUsd) {
  if (!(priceUsd > 0)) throw new MarginInvariantError(`pool price must be positive, got ${priceUsd}`, "give a USD price");
  const k = priceUsd / spec.priceUsd;
  return { priceUsd, feeBps: spec.feeBps, ranges: spec.ranges.map((r) => ({ lowerUsd: r.lowerUsd * k, upperUsd: r.upperUsd * k, btc: r.btc, usdc: r.usdc * k })) };
}
function poolAt(p, sqrt) {
  const tick = TickMath.getTickAtSqrtRatio(sqrt);
  const net = /* @__PURE__ */ new Map();
  let active = 0n;
  for (const r of p.ranges) {
    if (r.liquidity === 0n) continue;
    const lo = net.get(r.lowerTick) ?? { gross: 0n, net: 0n };
    net.set(r.lowerTick, { gross: lo.gross + r.liquidity, net: lo.net + r.liquidity });
    const hi = net.get(r.upperTick) ?? { gross: 0n, net: 0n };
    net.set(r.upperTick, { gross: hi.gross + r.liquidity, net: hi.net - r.liquidity });
    if (r.lowerTick <= tick && tick < r.upperTick) active += r.liquidity;
  }
  const ticks = [...net.entries()].sort((a, b) => a[0] - b[0]).map(([index, x]) => ({ index, liquidityGross: x.gross.toString(), liquidityNet: x.net.toString() }));
  const provider = new TickListDataProvider(ticks, TICK_SPACINGS[p.fee]);
  return { pool: new Pool(WBTC, USDC, p.fee, sqrt, active.toString(), tick, provider), ranges: p.ranges };
}
function edge(p, down) {
  const live = p.ranges.filter((r) => r.liquidity > 0n);
  if (live.length === 0) return void 0;
  const tick = down ? Math.min(...live.map((r) => r.lowerTick)) : Math.max(...live.map((r) => r.upperTick));
  return TickMath.getSqrtRatioAtTick(tick);
}
async function sellBtc(p, btc) {
  const raw = rawBtc(btc);
  const floor = edge(p, true);
  if (raw <= 0n) return { pool: p, btc: 0, usdc: 0, avgPriceUsd: poolPriceUsd(p), exhausted: false };
  if (floor === void 0 || !(big(p.pool.sqrtRatioX96) > big(floor))) return { pool: p, btc: 0, usdc: 0, avgPriceUsd: poolPriceUsd(p), exhausted: true };
  const [out, next] = await p.pool.getOutputAmount(CurrencyAmount.fromRawAmount(WBTC, raw.toString()), floor);
  const exhausted = big(next.sqrtRatioX96) === big(floor);
  const filled = exhausted ? BigInt((await p.pool.getInputAmount(out, floor))[0].quotient.toString()) : raw;
  const usdc = toUsdc(out);
  return { pool: { pool: next, ranges: p.ranges }, btc: toBtc(filled), usdc, avgPriceUsd: usdc / toBtc(filled), exhausted };
}
async function buyBtc(p, btc) {
  const raw = rawBtc(btc);
  const ceiling = edge(p, false);
  if (raw <= 0n) return { pool: p, btc: 0, usdc: 0, avgPriceUsd: poolPriceUsd(p), exhausted: false };
  if (ceiling === void 0 || !(big(p.pool.sqrtRatioX96) < big(ceiling))) return { pool: p, btc: 0, usdc: 0, avgPriceUsd: poolPriceUsd(p), exhausted: true };
  const [input, next] = await p.pool.getInputAmount(CurrencyAmount.fromRawAmount(WBTC, raw.toString()), ceiling);
  const exhausted = big(next.sqrtRatioX96) === big(ceiling);
  const filled = exhausted ? BigInt((await p.pool.getOutputAmount(input, ceiling))[0].quotient.toString()) : raw;
  const usdc = toUsdc(input);
  return { pool: { pool: next, ranges: p.ranges }, btc: toBtc(filled), usdc, avgPriceUsd: usdc / toBtc(filled), exhausted };
}
var WBTC, USDC, BTC_RAW, USDC_RAW, FEES, sqrtAt, rawBtc, big, toBtc, toUsdc;
var init_btcUsdcPool = __esm({
  "engine/domain/cascade/btcUsdcPool.ts"() {
    "use strict";
    init_uniswapSdk();
    init_margin();
    WBTC = new Token(1, "0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599", 8, "WBTC");
    USDC = new Token(1, "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", 6, "USDC");
    BTC_RAW = 100000000n;
    USDC_RAW = 1000000n;
    FEES = { 5: FeeAmount.LOW, 30: FeeAmount.MEDIUM, 100: FeeAmount.HIGH };
    sqrtAt = (priceUsd) => encodeSqrtRatioX96(BigInt(Math.round(priceUsd * Number(USDC_RAW))).toString(), BTC_RAW.toString());
    rawBtc = (btc) => BigInt(Math.round(btc * Number(BTC_RAW)));
    big = (x) => BigInt(x.toString());
    toBtc = (raw) => Number(raw) / Number(BTC_RAW);
    toUsdc = (q) => Number(BigInt(q.quotient.toString())) / Number(USDC_RAW);
  }
});

// backtest/simVenue/uniswapHedgeFill.ts
var uniswapHedgeFill_exports = {};
__export(uniswapHedgeFill_exports, {
  uniswapHedgeFill: () => uniswapHedgeFill,
  uniswapPoolAt: () => uniswapPoolAt,
  uniswapPoolSpec: () => uniswapPoolSpec
});
function uniswapPoolSpec(u) {
  return { priceUsd: u.price, feeBps: u.feeBps, ranges: u.ranges.map((r) => ({ lowerUsd: r.lowerUsd, upperUsd: r.upperUsd, btc: r.asset, usdc: r.usdc })) };
}
function uniswapPoolAt(u, spotUsd) {
  return buildBtcUsdcPool(recenterPoolSpec(uniswapPoolSpec(u), spotUsd));
}
async function uniswapHedgeFill(pool, side, qty) {
  const f = pool.pool.fee / 1e6;
  const r = side === "sell" ? await sellBtc(pool, qty) : await buyBtc(pool, qty);
  if (r.btc === 0) return { qty: 0, price: r.avgPriceUsd, fee: 0, avgPrice: r.avgPriceUsd, exhausted: r.exhausted, pool: r.pool };
  const fee = side === "sell" ? r.usdc * f / (1 - f) : r.usdc * f;
  const price = side === "sell" ? (r.usdc + fee) / r.btc : (r.usdc - fee) / r.btc;
  return { qty: r.btc, price, fee, avgPrice: r.avgPriceUsd, exhausted: r.exhausted, pool: r.pool };
}
var init_uniswapHedgeFill = __esm({
  "backtest/simVenue/uniswapHedgeFill.ts"() {
    "use strict";
    init_btcUsdcPool();
  }
});

// ../../tmp/perf/heapjobs2.mts
import { Session } from "node:inspector/promises";
import { mkdtempSync, readFileSync as readFileSync5, writeFileSync as writeFileSync2 } from "node:fs";
import { tmpdir } from "node:os";
import { join as join3 } from "node:path";

// backtest/sweep/runSweepJob.ts
import { dirname as dirname2, isAbsolute as isAbsolute2, resolve as resolve3 } from "node:path";
import { parse } from "yaml";

// engine/config/parseConfigText.ts
import { basename, dirname, extname, resolve as resolve2 } from "node:path";
import { isMap as isMap3, isScalar as isScalar3, isSeq as isSeq3, LineCounter, parseDocument, Scalar } from "yaml";

// engine/errors/config.ts
init_base();

// engine/errors/input.ts
init_base();
var InputError = class extends OptvaultError {
  constructor(where, field, problem, fix) {
    super(`${field} ${problem}.`, fix === void 0 ? { where } : { where, fix });
    this.field = field;
  }
  field;
  name = "InputError";
  exitCode = 2;
};

// engine/errors/config.ts
var ConfigFieldError = class extends InputError {
  constructor(file2, at, field, problem, fix) {
    super(`${file2}:${at.line}:${at.col}`, field, problem, fix);
    this.file = file2;
    this.at = at;
    this.problem = problem;
    this.fix = fix;
  }
  file;
  at;
  problem;
  fix;
  name = "ConfigFieldError";
};
var ConfigInvalidError = class extends OptvaultError {
  constructor(file2, errors) {
    const sorted = [...errors].sort(byPosition);
    const head = `${file2} has ${sorted.length} error${sorted.length === 1 ? "" : "s"}:`;
    super([head, ...sorted.map((e, i) => `
${i + 1}. ${e.message}`)].join("\n"));
    this.file = file2;
    this.errors = sorted;
  }
  file;
  name = "ConfigInvalidError";
  exitCode = 2;
  errors;
};
function byPosition(a, b) {
  return a.at.line - b.at.line || a.at.col - b.at.col || a.field.localeCompare(b.field);
}

// engine/config/editDistance.ts
function editDistance(a, b) {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  const w = b.length + 1;
  let prev2 = new Array(w).fill(0);
  let prev = Array.from({ length: w }, (_, j) => j);
  let cur = new Array(w).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
    }
    ;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[b.length];
}

// engine/config/didYouMean.ts
function didYouMean(word, candidates) {
  const norm = (s2) => s2.toLowerCase().replace(/[-_\s]/g, "");
  const w = norm(word);
  let best;
  let bestD = Infinity;
  for (const c of candidates) {
    if (c === word) continue;
    const d = editDistance(w, norm(c));
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  const allowed = Math.max(1, Math.floor(w.length / 3));
  return bestD <= allowed ? best : void 0;
}

// engine/config/interpolateEnv.ts
var NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
function interpolateEnv(text, env) {
  let out = "";
  const vars = [];
  const missing = [];
  let placeholders = 0;
  let i = 0;
  while (i < text.length) {
    if (text.startsWith("$${", i)) {
      out += "${";
      i += 3;
      continue;
    }
    if (!text.startsWith("${", i)) {
      out += text[i];
      i++;
      continue;
    }
    const end = text.indexOf("}", i + 2);
    if (end < 0) {
      return { ok: false, problem: 'has a "${" with no closing "}"', fix: 'write ${NAME} or ${NAME:-default}; write $${ for a literal "${".' };
    }
    const body = text.slice(i + 2, end);
    const sep = body.indexOf(":-");
    const name = sep < 0 ? body : body.slice(0, sep);
    if (!NAME.test(name)) {
      return { ok: false, problem: `has "\${${name}}", which is not an environment variable name`, fix: "names are letters, digits and _, not starting with a digit, e.g. ${DERIBIT_API_KEY}." };
    }
    vars.push(name);
    placeholders++;
    const v = env[name];
    if (v !== void 0 && v !== "") out += v;
    else if (sep >= 0) out += body.slice(sep + 2);
    else if (v === "") out += "";
    else missing.push(name);
    i = end + 1;
  }
  if (missing.length > 0) {
    const list = missing.map((m) => `\${${m}}`).join(", ");
    return {
      ok: false,
      problem: `needs environment variable${missing.length > 1 ? "s" : ""} ${missing.join(", ")}, which ${missing.length > 1 ? "are" : "is"} not set`,
      fix: `export ${missing[0]}=\u2026 before running, or give a default: ${list.replace(/\}$/, ":-default}")}.`
    };
  }
  const whole = placeholders === 1 && /^\$\{[^}]*\}$/.test(text);
  return { ok: true, value: out, vars, whole };
}

// engine/config/issueToFieldErrors.ts
import { isMap as isMap2, isScalar as isScalar2, isSeq as isSeq2 } from "yaml";

// engine/config/schemaAt.ts
import { z as z2 } from "zod";

// engine/config/secret.ts
import { inspect } from "node:util";
import { z } from "zod";
var REDACTED = "[redacted]";
var Secret = class {
  #value;
  constructor(value) {
    this.#value = value;
  }
  reveal() {
    return this.#value;
  }
  toString() {
    return REDACTED;
  }
  toJSON() {
    return REDACTED;
  }
  [inspect.custom]() {
    return REDACTED;
  }
};
var secretFields = z.registry();
function secretString(description) {
  const s2 = z.string().min(1).transform((v) => new Secret(v)).describe(description);
  secretFields.add(s2, { secret: true });
  return s2;
}

// engine/config/schemaAt.ts
function schemaAt(schema, path, data2) {
  let layers = unwrap(schema);
  let here = data2;
  for (const seg of path) {
    const next = child(layers, seg, here);
    if (next === void 0) return void 0;
    layers = unwrap(next);
    here = isRecord(here) || Array.isArray(here) ? here[seg] : void 0;
  }
  const description = layers.map((l) => l.description).find((d) => d !== void 0);
  return { description, secret: layers.some((l) => secretFields.has(l)), keys: keysOf(layers, here) };
}
function unwrap(s2) {
  const out = [s2];
  let cur = s2;
  for (; ; ) {
    let inner;
    if (cur instanceof z2.ZodOptional || cur instanceof z2.ZodNullable || cur instanceof z2.ZodDefault || cur instanceof z2.ZodPrefault || cur instanceof z2.ZodReadonly || cur instanceof z2.ZodCatch) {
      inner = cur.unwrap();
    } else if (cur instanceof z2.ZodPipe) {
      inner = cur.in;
    }
    if (inner === void 0) return out;
    out.push(inner);
    cur = inner;
  }
}
function child(layers, seg, data2) {
  const core2 = layers[layers.length - 1];
  if (core2 instanceof z2.ZodObject) return core2.shape[String(seg)];
  if (core2 instanceof z2.ZodRecord) return core2.valueType;
  if (core2 instanceof z2.ZodArray) return typeof seg === "number" ? core2.element : void 0;
  if (core2 instanceof z2.ZodUnion) {
    for (const o of branches(core2, data2)) {
      const c = child(unwrap(o), seg, data2);
      if (c !== void 0) return c;
    }
  }
  return void 0;
}
function branches(u, data2) {
  const options = u.options;
  const disc = u.def.discriminator;
  if (disc === void 0 || !isRecord(data2)) return options;
  const picked = options.filter((o) => {
    const core2 = unwrap(o).at(-1);
    const lit = core2 instanceof z2.ZodObject ? core2.shape[disc] : void 0;
    return lit instanceof z2.ZodLiteral && lit.values.has(data2[disc]);
  });
  return picked.length > 0 ? picked : options;
}
function keysOf(layers, data2) {
  const core2 = layers[layers.length - 1];
  if (core2 instanceof z2.ZodObject) return Object.keys(core2.shape);
  if (core2 instanceof z2.ZodUnion) {
    const all = branches(core2, data2).flatMap((o) => keysOf(unwrap(o), data2) ?? []);
    return all.length > 0 ? [...new Set(all)] : void 0;
  }
  return void 0;
}
function isRecord(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// engine/config/yamlNodeAt.ts
import { isAlias, isMap, isScalar, isSeq } from "yaml";
function yamlNodeAt(doc, path) {
  let node = doc.contents ?? void 0;
  let key;
  let depth = 0;
  for (const seg of path) {
    if (node !== void 0 && isAlias(node)) node = node.resolve(doc);
    if (node !== void 0 && isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (pair === void 0) return { node: void 0, key, depth };
      key = pair.key;
      node = pair.value ?? void 0;
    } else if (node !== void 0 && isSeq(node) && typeof seg === "number" && node.items[seg] !== void 0) {
      node = node.items[seg];
    } else {
      return { node: void 0, key, depth };
    }
    depth++;
  }
  if (node !== void 0 && isAlias(node)) node = node.resolve(doc);
  return { node, key, depth };
}

// engine/config/issueToFieldErrors.ts
function issueToFieldErrors(issue, c) {
  const rel = issue.path;
  const full = [...c.prefix, ...rel];
  const at = yamlNodeAt(c.doc, full);
  const info = schemaAt(c.schema, rel, c.data);
  const found = describeFound(at.node, at.depth === full.length, info?.secret ?? false, c.interpolated);
  const pos = positionOf(c, at);
  const err = (field, where, problem, fix) => new ConfigFieldError(c.file, where, fieldName(field), problem, fix);
  const describeFix = info?.description === void 0 ? void 0 : `${fieldName(full)}: ${info.description}`;
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = info?.keys ?? [];
      const map = at.node;
      return issue.keys.map((k) => {
        const pair = map !== void 0 && isMap2(map) ? map.items.find((p) => isScalar2(p.key) && String(p.key.value) === k) : void 0;
        const where = pair !== void 0 && isScalar2(pair.key) ? lineCol(c, pair.key.range?.[0]) : pos;
        const guess = didYouMean(k, allowed);
        const level = full.length === 0 ? "the config" : fieldName(full);
        return err(
          [...full, k],
          where,
          `is not a known key of ${level}`,
          guess !== void 0 ? `did you mean "${guess}"?` : `remove it; allowed here: ${allowed.join(", ")}.`
        );
      });
    }
    case "invalid_type": {
      if (at.depth < full.length) {
        return [err(full, pos, "is required", requiredFix(full, info?.description))];
      }
      return [err(full, pos, `must be ${typeName(issue.expected)}, got ${found}`, describeFix)];
    }
    case "invalid_value": {
      const values = issue.values.map(String);
      const guess = at.node !== void 0 && isScalar2(at.node) && !c.interpolated.has(at.node) ? didYouMean(String(at.node.value), values) : void 0;
      return [err(full, pos, `must be one of ${values.join(" | ")}, got ${found}`, guess !== void 0 ? `did you mean "${guess}"?` : describeFix)];
    }
    case "invalid_union": {
      const disc = issue;
      if (disc.discriminator !== void 0 && disc.options !== void 0) {
        const values = disc.options.map(String);
        if (at.depth < full.length) {
          return [err(full, pos, `is required: one of ${values.join(" | ")}`, requiredFix(full, info?.description))];
        }
        const guess = at.node !== void 0 && isScalar2(at.node) && !c.interpolated.has(at.node) ? didYouMean(String(at.node.value), values) : void 0;
        return [err(full, pos, `must be one of ${values.join(" | ")}, got ${found}`, guess !== void 0 ? `did you mean "${guess}"?` : void 0)];
      }
      return [err(full, pos, `does not match any allowed form, got ${found}`, describeFix)];
    }
    case "too_small":
    case "too_big": {
      if (issue.message.startsWith("must ")) return [err(full, pos, `${issue.message}, got ${found}`, describeFix)];
      const small = issue.code === "too_small";
      const bound = small ? issue.minimum : issue.maximum;
      const inclusive = issue.inclusive !== false;
      if (issue.origin === "string" && small) return [err(full, pos, "must not be empty", describeFix)];
      if (issue.origin === "array" || issue.origin === "set") {
        return [err(full, pos, `must have ${small ? "at least" : "at most"} ${bound} item${bound === 1 ? "" : "s"}`, describeFix)];
      }
      const rel2 = small ? inclusive ? "at least" : "greater than" : inclusive ? "at most" : "less than";
      return [err(full, pos, `must be ${rel2} ${bound}, got ${found}`, describeFix)];
    }
    case "custom": {
      const params = issue.params ?? {};
      const problem = params.omitFound === true ? issue.message : `${issue.message}, got ${found}`;
      return [err(full, pos, problem, params.fix ?? describeFix)];
    }
    default: {
      const problem = issue.message.startsWith("must ") ? issue.message : `is invalid (${issue.message})`;
      return [err(full, pos, `${problem}, got ${found}`, describeFix)];
    }
  }
}
function fieldName(path) {
  let s2 = "";
  for (const p of path) s2 += typeof p === "number" ? `[${p}]` : s2 === "" ? String(p) : `.${String(p)}`;
  return s2 === "" ? "(config)" : s2;
}
function requiredFix(full, description) {
  const key = String(full[full.length - 1]);
  const parent = full.length > 1 ? ` under ${fieldName(full.slice(0, -1))}` : " at the top level";
  return `add ${key}:${parent}${description !== void 0 ? `. ${key}: ${description}` : "."}`;
}
function positionOf(c, at) {
  const n = at.node;
  if (n !== void 0 && (isScalar2(n) || !at.key) && n.range) return lineCol(c, n.range[0]);
  if (at.key?.range) return lineCol(c, at.key.range[0]);
  const root = c.doc.contents;
  return lineCol(c, root?.range?.[0] ?? 0);
}
function lineCol(c, offset) {
  const p = c.lines.linePos(offset ?? 0);
  return { line: p.line, col: p.col };
}
function typeName(expected) {
  switch (expected) {
    case "int":
      return "a whole number";
    case "object":
      return "a mapping (key: value lines)";
    case "array":
      return "a list";
    case "boolean":
      return "true or false";
    case "record":
      return "a mapping (key: value lines)";
    default:
      return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
  }
}
function describeFound(node, exists, secret, interpolated) {
  if (!exists || node === void 0) return "nothing";
  const vars = interpolated.get(node);
  if (vars !== void 0) return `the value of ${vars.map((v2) => `\${${v2}}`).join(", ")}`;
  if (isMap2(node)) return "a mapping";
  if (isSeq2(node)) return "a list";
  if (!isScalar2(node)) return "an unsupported YAML node";
  const v = node.value;
  if (v === null || v === void 0) return "an empty value";
  if (secret) return `a ${typeof v} (not shown: secret field)`;
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  return String(v);
}

// engine/config/schema/optvaultConfigSchema.ts
import { z as z15 } from "zod";

// engine/config/schema/dataSchema.ts
import { z as z5 } from "zod";

// engine/config/schema/configPath.ts
import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { z as z3 } from "zod";
function configPath(ctx, description, extensions) {
  return z3.string().min(1).transform((p, issue) => {
    const abs = isAbsolute(p) ? p : resolve(ctx.baseDir, p);
    if (extensions && !extensions.some((e) => p.endsWith(e))) {
      issue.addIssue({ code: "custom", message: `must name a ${extensions.join(" or ")} file, got "${p}"`, params: { omitFound: true } });
    } else if (ctx.checkFiles && !existsSync(abs)) {
      issue.addIssue({
        code: "custom",
        message: `names ${abs}, which does not exist`,
        params: { omitFound: true, fix: "paths are relative to the config file's folder; check the spelling or create the file." }
      });
    }
    return abs;
  }).describe(description);
}

// engine/config/schema/isoUtc.ts
import { z as z4 } from "zod";
var ISO_UTC = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z)?$/;
function isoUtc(description) {
  return z4.string().refine((s2) => ISO_UTC.test(s2) && Number.isFinite(Date.parse(s2.length === 10 ? `${s2}T00:00:00Z` : s2)), {
    message: "must be an ISO 8601 UTC date or date-time such as 2024-01-05 or 2024-01-05T08:00:00Z",
    params: { fix: "use a date (2024-01-05) or a date-time ending in Z (2024-01-05T08:00:00Z)." }
  }).describe(description);
}
function isoUtcToMs(s2) {
  return Date.parse(s2.length === 10 ? `${s2}T00:00:00Z` : s2);
}

// engine/config/schema/dataSchema.ts
var BAR_SIZES = ["1m", "5m", "15m", "1h", "4h", "1d"];
function dataSchema(ctx) {
  const file2 = (d) => configPath(ctx, d);
  return z5.strictObject({
    bars: file2("OHLCV bars of the underlying (CSV or Parquet), relative to this config file."),
    vol: file2("Implied-volatility index series (e.g. DVOL), used when iv.source is index.").optional(),
    chain: z5.union([file2("Option chain snapshot file."), z5.array(file2("Option chain snapshot file.")).min(1)]).transform((c) => Array.isArray(c) ? c : [c]).optional().describe("Option chain snapshot file or list of files, used when iv.source is chain."),
    funding: file2("Perpetual funding-rate series, used when hedging with perps.").optional(),
    gas: file2("Gas-price series in gwei, used when execution.gas.model is series.").optional(),
    barSize: z5.enum(BAR_SIZES).default("1h").describe("Bar size of `bars`. Default 1h."),
    from: isoUtc("First bar to use, ISO 8601 UTC (2024-01-05 or 2024-01-05T08:00:00Z). Default: first bar in the file.").optional(),
    to: isoUtc("Last bar to use (inclusive), ISO 8601 UTC. Default: last bar in the file.").optional(),
    gapPolicy: z5.enum(["error", "skip", "forward-fill"]).default("error").describe("What a missing bar does: error stops the run, skip steps over it, forward-fill repeats the last close. Default error.")
  }).superRefine((d, issue) => {
    if (d.from !== void 0 && d.to !== void 0 && isoUtcToMs(d.to) <= isoUtcToMs(d.from)) {
      issue.addIssue({ code: "custom", path: ["to"], message: `must be after data.from (${d.from})`, params: { fix: "swap from and to, or widen the window." } });
    }
  }).transform((d) => ({
    ...d,
    /** `from` as UnixMs, when given. */
    fromMs: d.from === void 0 ? void 0 : isoUtcToMs(d.from),
    /** `to` as UnixMs, when given. */
    toMs: d.to === void 0 ? void 0 : isoUtcToMs(d.to)
  })).describe("Market data files and the backtest window.");
}

// engine/config/schema/executionSchema.ts
import { z as z7 } from "zod";

// engine/config/schema/venueNames.ts
import { createRequire } from "node:module";
var BUILT_IN_VENUES = ["sim", "paper", "deribit", "uniswap"];
var ccxtIds;
function ccxtExchangeIds() {
  ccxtIds ??= createRequire(import.meta.url)("ccxt").exchanges;
  return ccxtIds;
}

// engine/config/schema/chainSchema.ts
import { z as z6 } from "zod";
var address = (what) => z6.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x address of 40 hex digits (copy it from the deployment, or from `optvault sandbox`)").describe(what);
var tokenSchema = z6.strictObject({
  address: address("ERC20 contract address."),
  symbol: z6.string().min(1).describe("Token symbol, e.g. WBTC or USDC."),
  decimals: z6.int().min(0).max(36).describe("Decimals of the token's base unit: 8 for WBTC, 6 for USDC.")
}).describe("An ERC20 token.");
var oracleSchema = z6.strictObject({
  chainlinkFeed: address("Chainlink AggregatorV3 feed of the vault asset in USD (mainnet BTC/USD: 0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c)."),
  heartbeatSec: z6.int().positive().default(3600).describe("Oldest accepted Chainlink round, in seconds: the feed's heartbeat plus some grace. Default 3600 (BTC/USD)."),
  minPrice: z6.number().positive().default(1e3).describe("Lowest believable answer, USD per unit of the vault asset. Default 1000."),
  maxPrice: z6.number().positive().default(1e7).describe("Highest believable answer, USD per unit of the vault asset. Default 10000000."),
  twapWindowSec: z6.int().positive().max(86400).default(1800).describe("Averaging window of the pool TWAP checked against Chainlink, seconds. Default 1800. 0 is not allowed: a spot pool price is what an attacker moves."),
  maxDeviationBps: z6.number().positive().max(1e4).default(100).describe("Largest accepted disagreement between Chainlink, the pool TWAP and the exchange index, in basis points. Default 100.")
}).describe("On-chain oracle guard of every live step: Chainlink staleness and bounds, and deviation between Chainlink, the Uniswap TWAP and the exchange index.");
var chainSchema = z6.strictObject({
  rpcUrl: secretString("JSON-RPC URL of the chain (often carries a key), as ${ENV_VAR}."),
  privateKey: secretString("Wallet private key that signs the swaps, as ${ENV_VAR}; or leave it out and set OPTVAULT_KEYSTORE (+ _PASSWORD).").optional(),
  chainId: z6.int().positive().describe("Chain id the RPC must serve: 1 for Ethereum mainnet, 31337 for the sandbox."),
  router: address("Uniswap v3 SwapRouter address."),
  quoterV2: address("Uniswap v3 QuoterV2 address."),
  pool: address("The base/quote Uniswap v3 pool the hedge swaps in (its TWAP is an oracle source)."),
  poolFee: z6.union([z6.literal(500), z6.literal(3e3), z6.literal(1e4)]).default(3e3).describe("Fee tier of the pool in hundredths of a bip: 500, 3000 or 10000. Default 3000 (0.3%)."),
  tokens: z6.strictObject({
    base: tokenSchema.describe("The token standing for the vault asset, e.g. WBTC for BTC."),
    quote: tokenSchema.describe("The USD stablecoin it is swapped against, e.g. USDC.")
  }).describe("The pool's two tokens."),
  maxSlippageBps: z6.number().min(0).max(1e4).optional().describe("Worst swap price accepted, in bps from the oracle price, pool fee included: sets amountOutMinimum / amountInMaximum. Default risk.maxSlippageBps."),
  confirmations: z6.int().positive().default(1).describe("Blocks to wait for, counting the one with the swap. Default 1."),
  deadlineSec: z6.int().positive().default(120).describe("Seconds after signing until the router refuses the swap. Default 120."),
  oracle: oracleSchema.optional()
}).describe("On-chain execution for optvault live: Uniswap v3 hedge swaps (hedge.instrument: uniswap) and the on-chain oracle guard.");

// engine/config/schema/executionSchema.ts
var optionFeeSchema = z7.strictObject({
  pctOfUnderlying: z7.number().min(0).max(100).default(0.03).describe("Option fee in percent of the underlying notional per contract: 0.03 means 0.03%. Default 0.03 (Deribit)."),
  capPctOfPrice: z7.number().min(0).max(100).default(12.5).describe("Cap on the option fee in percent of the option price: 12.5 means 12.5%. Default 12.5 (Deribit).")
}).describe("Option fee rule: min(pctOfUnderlying of the underlying, capPctOfPrice of the option price).");
var feesSchema = z7.strictObject({
  makerBps: z7.number().min(-100).max(1e3).default(0).describe("Maker fee on the hedge instrument in basis points of notional (1 bp = 0.01%); negative is a rebate. Default 0 (Deribit perp)."),
  takerBps: z7.number().min(-100).max(1e3).default(5).describe("Taker fee on the hedge instrument in basis points of notional. Default 5 (Deribit perp)."),
  option: optionFeeSchema.prefault({})
}).describe("Trading fees. Defaults follow the Deribit fee schedule.");
var slippageSchema = z7.discriminatedUnion("model", [
  z7.strictObject({
    model: z7.literal("bps").describe("Fixed slippage against the mid price."),
    bps: z7.number().min(0).max(1e4).default(5).describe("Slippage in basis points of price. Default 5.")
  }),
  z7.strictObject({
    model: z7.literal("chain-spread").describe("Cross part of the quoted bid-ask spread from data.chain."),
    fractionOfSpread: z7.number().min(0).max(1).default(0.5).describe("Fraction of the half-spread paid beyond mid: 1 fills at the bid or ask. Default 0.5.")
  })
]).describe("Slippage model: fixed bps, or a fraction of the quoted chain spread.");
var gasPerTx = z7.int().positive().default(15e4).describe("Gas used per transaction, in gas units. Default 150000 (a Uniswap v3 swap).");
var gasSchema = z7.discriminatedUnion("model", [
  z7.strictObject({ model: z7.literal("none").describe("No gas: off-chain venues.") }),
  z7.strictObject({
    model: z7.literal("constant").describe("One gas price for every transaction."),
    gwei: z7.number().min(0).describe("Gas price in gwei (1e-9 ETH per gas unit)."),
    gasPerTx
  }),
  z7.strictObject({
    model: z7.literal("series").describe("Gas price from the data.gas series at the time of each transaction."),
    gasPerTx
  })
]).describe("Gas cost of on-chain transactions.");
var uniswapRangeSchema = z7.strictObject({
  lowerUsd: z7.number().positive().describe("Lower bound of the range, USD per unit of the vault asset, at `price`."),
  upperUsd: z7.number().positive().describe("Upper bound of the range, USD per unit of the vault asset, at `price`."),
  asset: z7.number().min(0).default(0).describe("Amount of the vault asset deposited in the range (10 means 10 BTC). Default 0."),
  usdc: z7.number().min(0).default(0).describe("USDC deposited in the range. Default 0.")
}).superRefine((r, issue) => {
  if (!(r.upperUsd > r.lowerUsd)) issue.addIssue({ code: "custom", path: ["upperUsd"], message: `must be above lowerUsd (${r.lowerUsd})`, params: { fix: "swap lowerUsd and upperUsd." } });
}).describe("One liquidity position, as in the cascade pool: the amounts deposited in [lowerUsd, upperUsd] when the price is `price`.");
var uniswapSchema = z7.strictObject({
  feeBps: z7.union([z7.literal(5), z7.literal(30), z7.literal(100)]).default(30).describe("Pool fee tier in basis points: 5, 30 or 100 (Uniswap v3 0.05%, 0.3%, 1%). Default 30."),
  price: z7.number().positive().describe("USD price of the vault asset at which the ranges below are written. The backtest re-centres the pool on each fill bar's price: bounds and USDC scale by bar price / price, asset amounts stay."),
  ranges: z7.array(uniswapRangeSchema).min(1).describe("Liquidity positions of the pool, as in config/examples/cascade.yaml."),
  gasPerSwap: z7.int().positive().default(15e4).describe("Gas used per swap, in gas units, priced with execution.gas. Default 150000.")
}).describe("Uniswap v3 pool the hedge swaps in when hedge.instrument is uniswap: fills pay the v3 swap math's price impact, the pool fee and gas. Absent: uniswap hedges pay fees.takerBps and slippage like any hedge.");
var credentialsSchema = z7.strictObject({
  apiKey: secretString("Exchange API key, as ${ENV_VAR}.").optional(),
  secret: secretString("Exchange API secret, as ${ENV_VAR}.").optional(),
  password: secretString("Exchange API passphrase, where the exchange has one, as ${ENV_VAR}.").optional(),
  privateKey: secretString("Wallet private key for on-chain venues, as ${ENV_VAR}.").optional(),
  rpcUrl: secretString("JSON-RPC URL (often carries a key), as ${ENV_VAR}.").optional()
}).describe("Venue credentials. Every value must come from an environment variable: ${NAME} or ${NAME:-default}.");
var executionSchema = z7.strictObject({
  venue: z7.string().superRefine((v, issue) => {
    if (BUILT_IN_VENUES.includes(v)) return;
    const ids = ccxtExchangeIds();
    if (ids.includes(v)) return;
    const guess = didYouMean(v, [...BUILT_IN_VENUES, ...ids]);
    issue.addIssue({
      code: "custom",
      message: `must be one of ${BUILT_IN_VENUES.join(" | ")} or a ccxt exchange id`,
      params: { fix: guess ? `did you mean "${guess}"?` : "see https://docs.ccxt.com for exchange ids, e.g. binance, okx, bybit." }
    });
  }).default("sim").describe("sim (backtest), paper (live data, simulated fills), deribit, uniswap, or any ccxt exchange id. Default sim."),
  testnet: z7.boolean().default(false).describe("Use the venue's testnet or sandbox. Default false."),
  fillTiming: z7.enum(["next-bar", "same-bar"]).default("next-bar").describe("When a decision made on a bar fills: next-bar (at the next bar's open, no look-ahead) or same-bar (at this bar's close). Default next-bar."),
  fees: feesSchema.prefault({}),
  slippage: slippageSchema.prefault({ model: "bps" }),
  gas: gasSchema.prefault({ model: "none" }),
  uniswap: uniswapSchema.optional(),
  credentials: credentialsSchema.optional(),
  chain: chainSchema.optional()
}).describe("Execution venue and costs.");

// engine/config/schema/hedgeSchema.ts
import { z as z8 } from "zod";
var base = {
  instrument: z8.enum(["perp", "spot", "uniswap"]).default("perp").describe("What the hedge trades: perp (inverse or linear perpetual), spot, or a Uniswap v3 pool. Default perp."),
  targetDelta: z8.number().min(-5).max(5).default(0).describe("Target portfolio delta per unit of NAV, in the vault asset: 1 keeps the vault as long as holding its NAV in the asset, 0 is delta-neutral. Default 0.")
};
var hedgeSchema = z8.discriminatedUnion("trigger", [
  z8.strictObject({
    trigger: z8.literal("interval").describe("Re-hedge on a fixed clock."),
    ...base,
    intervalHours: z8.number().positive().default(1).describe("Hours between re-hedges. Default 1.")
  }),
  z8.strictObject({
    trigger: z8.literal("band").describe("Re-hedge when delta drifts out of a band around the target."),
    ...base,
    band: z8.number().gt(0).lt(1, { error: "must be a fraction between 0 and 1" }).describe("Half-width of the no-trade band, as a fraction of NAV delta: 0.05 re-hedges when |delta - target| > 5% of NAV.")
  }),
  z8.strictObject({
    trigger: z8.literal("move").describe("Re-hedge when the underlying moves since the last hedge."),
    ...base,
    moveFraction: z8.number().gt(0).lt(1, { error: "must be a fraction between 0 and 1" }).describe("Price move that triggers a re-hedge, as a fraction: 0.02 re-hedges after a 2% move.")
  }),
  z8.strictObject({
    trigger: z8.literal("whalley-wilmott").describe("Whalley-Wilmott (1997) optimal band: half-width (3/2 e^{-r(T-t)} lambda S Gamma^2 / riskAversion)^{1/3}."),
    ...base,
    riskAversion: z8.number().positive().default(1).describe("Risk aversion gamma of the Whalley-Wilmott band. Default 1."),
    costFraction: z8.number().min(0).max(0.1).optional().describe("Proportional cost lambda as a fraction of notional. Default: the taker fee plus slippage from execution.")
  })
]).describe("Delta hedging. Absent: the vault does not hedge.");

// engine/config/schema/ivSchema.ts
import { z as z9 } from "zod";
var sellSpreadVol = z9.number().min(0).max(1).default(0).describe("Vol haircut when selling, as a fraction: 0.02 sells 2 vol points below the model IV. Default 0.");
var ivSchema = z9.discriminatedUnion("source", [
  z9.strictObject({
    source: z9.literal("chain").describe("Quoted option chain (data.chain): each option at its own mark IV."),
    sellSpreadVol
  }),
  z9.strictObject({
    source: z9.literal("index").describe("Vol index series (data.vol, e.g. DVOL) adjusted for tenor and strike."),
    indexTenorDays: z9.number().positive().default(30).describe("Tenor the index measures, in days. DVOL is a 30-day index. Default 30."),
    termSlopePerYear: z9.number().default(0).describe("Vol added per year of tenor beyond indexTenorDays, as a fraction: -0.1 lowers a 1-year-longer tenor by 10 vol points. Default 0 (flat term structure)."),
    skewSlope: z9.number().default(0).describe("Vol added per unit of log-moneyness ln(K/F), as a fraction: -0.2 gives a 10% OTM call (ln 1.1 = 0.095) 1.9 vol points less. Default 0 (no skew)."),
    sellSpreadVol
  }),
  z9.strictObject({
    source: z9.literal("realized").describe("Realized vol of data.bars, scaled by a multiplier."),
    windowDays: z9.number().positive().default(30).describe("Look-back window of realized vol, in days. Default 30."),
    multiplier: z9.number().positive().default(1).describe("IV = multiplier x realized vol: 1.1 prices options at 10% over realized. Default 1."),
    sellSpreadVol
  }),
  z9.strictObject({
    source: z9.literal("constant").describe("One vol for every option and every bar."),
    value: z9.number().positive().max(10, { error: "must be an annualised vol as a fraction, at most 10" }).describe("Annualised vol as a fraction: 0.6 means 60 vol points."),
    sellSpreadVol
  })
]).describe("Implied volatility used to price options in backtests: chain, index, realized or constant.");

// engine/config/schema/journalSchema.ts
import { z as z10 } from "zod";
function journalSchema(ctx) {
  return z10.strictObject({
    path: configPath({ ...ctx, checkFiles: false }, "SQLite journal file, relative to this config file; created when missing.")
  }).describe("Run journal (SQLite).");
}

// engine/config/schema/riskSchema.ts
import { z as z11 } from "zod";
var riskSchema = z11.strictObject({
  maxNotionalPerOrder: z11.number().positive().optional().describe("Largest order notional, in units of the vault asset. No limit when absent."),
  maxNotionalPerDay: z11.number().positive().optional().describe("Largest total order notional per UTC day, in units of the vault asset. No limit when absent."),
  maxSlippageBps: z11.number().min(0).max(1e4).default(50).describe("Refuse a fill more than this many basis points from mid. Default 50."),
  minHealth: z11.number().min(1).default(1.2).describe("Smallest margin health allowed, equity / maintenance margin: 1.2 stops new risk when equity is within 20% of maintenance. Default 1.2."),
  maxDailyLossPct: z11.number().gt(0).max(100).optional().describe("Stop trading for the day after losing this percent of start-of-day NAV: 5 means 5%. No limit when absent."),
  oracleMaxStalenessSec: z11.int().positive().default(300).describe("Refuse to trade on an oracle price older than this many seconds. Default 300."),
  oracleMaxDeviationBps: z11.number().positive().default(100).describe("Refuse to trade when the oracle and the venue price differ by more than this many basis points. Default 100.")
}).describe("Risk limits checked before every order.");

// engine/config/schema/scheduleSchema.ts
import cron from "node-cron";
import { z as z12 } from "zod";
function cronUtc(description) {
  return z12.string().superRefine((expr, issue) => {
    const r = cron.validateDetailed(expr);
    if (r.valid) return;
    const why = r.errors.map((e) => e.field === "expression" ? e.message : `${e.field}: ${e.message}`).join("; ");
    issue.addIssue({
      code: "custom",
      message: `must be a cron expression (UTC), got "${expr}" (${why})`,
      params: { omitFound: true, fix: 'write minute hour day-of-month month day-of-week, e.g. "0 8 * * 5" for Fridays 08:00 UTC.' }
    });
  }).describe(description);
}
var scheduleSchema = z12.strictObject({
  epochRoll: cronUtc('Cron (UTC) for the epoch roll. Default: derived from vault.epoch, e.g. "0 8 * * 5" for weekly Friday 08:00. A tick that is not an epoch end does nothing.').optional(),
  hedgeCheck: cronUtc('Cron (UTC) for hedge checks; the hedge trigger then decides whether to trade. Default "0 * * * *" (hourly).').default("0 * * * *"),
  missedTick: z12.enum(["run-once", "skip", "run-all"]).default("run-once").describe("Ticks missed while the process was down: run-once catches up with one run, skip drops them, run-all replays each. Default run-once.")
}).describe("Live-run schedule (cron, UTC).");

// engine/config/schema/strategySchema.ts
import { z as z13 } from "zod";
function strategySchema(ctx) {
  return z13.strictObject({
    name: z13.string().regex(/^[a-z][a-z0-9-]*$/, { error: "must be a built-in strategy name in kebab-case, such as covered-call" }).optional().describe("Built-in strategy, e.g. covered-call or gamma-vault. Give either name or path."),
    path: configPath(ctx, "Strategy plugin file (.ts or .js), relative to this config file. Give either name or path.", [".ts", ".js", ".mts", ".mjs"]).optional(),
    params: z13.record(z13.string(), z13.unknown()).default({}).describe("Strategy parameters; the strategy's own schema checks them and fills its defaults.")
  }).superRefine((s2, issue) => {
    if (s2.name === void 0 === (s2.path === void 0)) {
      issue.addIssue({
        code: "custom",
        message: s2.name === void 0 ? "needs either name or path" : "has both name and path",
        params: { omitFound: true, fix: "give exactly one: name: covered-call (built-in) or path: ./myStrategy.ts (plugin)." }
      });
    }
  }).describe("The strategy to run and its parameters.");
}

// engine/config/schema/vaultSchema.ts
import { z as z14 } from "zod";
var WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
var symbol = /^[A-Z][A-Z0-9]{1,9}$/;
var feesSchema2 = z14.strictObject({
  managementFeePct: z14.number().min(0).max(100).default(0).describe("Management fee in percent of NAV per year, accrued every epoch: 2 means 2% a year. Default 0."),
  performanceFeePct: z14.number().min(0).max(100).default(0).describe("Performance fee in percent of the epoch's profit: 10 means 10%. Default 0."),
  highWaterMark: z14.boolean().default(true).describe("Charge the performance fee only on NAV per share above its previous high. Default true."),
  feeRecipient: z14.string().min(1).optional().describe("Who receives fees: an account name or a 0x address. Bookkeeping only in backtests."),
  paidIn: z14.enum(["shares", "assets"]).default("shares").describe("Pay fees by minting vault shares (no asset leaves the vault) or in the vault asset. Default shares.")
}).describe("Vault fees.");
var epochSchema = z14.strictObject({
  every: z14.enum(["daily", "weekly", "monthly"]).default("weekly").describe("Epoch length. Monthly epochs end on the last `weekday` of the month, like Deribit monthly expiries. Default weekly."),
  weekday: z14.enum(WEEKDAYS).default("friday").describe("Day (UTC) a weekly or monthly epoch ends. Default friday, the day Deribit weeklies expire."),
  hourUtc: z14.int().min(0).max(23).default(8).describe("Hour (UTC, 0-23) an epoch ends. Default 8: Deribit options expire at 08:00 UTC.")
}).describe("When epochs roll: deposits and withdrawals settle, fees accrue and the strategy opens new options.");
var INITIAL_ACCOUNT = "initial";
var flowSchema = z14.strictObject({
  at: isoUtc("When the request reaches the vault, ISO 8601 UTC. Deposits are minted at the next epoch roll; withdrawals are paid when the epoch ends."),
  account: z14.string().min(1).describe(`Depositor id, e.g. alice. "${INITIAL_ACCOUNT}" holds the shares of vault.initialNav.`),
  deposit: z14.number().positive().optional().describe("Deposit in units of vault.asset: 2 means 2 BTC for a BTC vault (a USDC-collateral vault takes it at the price of the bar it arrives on)."),
  withdrawShares: z14.number().positive().optional().describe("Withdraw this many vault shares (shares start at one per unit of initial NAV). Capped at the shares the account holds."),
  withdrawAll: z14.literal(true).optional().describe("Withdraw every share the account holds, and cancel its deposits still queued.")
}).superRefine((f, issue) => {
  const given = ["deposit", "withdrawShares", "withdrawAll"].filter((k) => f[k] !== void 0);
  if (given.length !== 1) {
    issue.addIssue({
      code: "custom",
      path: [given.length > 1 ? given[1] : "account"],
      message: given.length > 1 ? `cannot be given with ${given[0]} in one flow` : `"${f.account}" asks for nothing: a flow needs one of deposit, withdrawShares or withdrawAll`,
      params: { omitFound: given.length === 0, fix: "write one flow per request: { at, account, deposit: 2 }, { at, account, withdrawShares: 1.5 } or { at, account, withdrawAll: true }." }
    });
  }
}).describe("One deposit or withdrawal request.");
var vaultSchema = z14.strictObject({
  asset: z14.string().regex(symbol, { error: "must be an upper-case asset symbol such as BTC or ETH" }).describe("Underlying asset symbol of the vault, e.g. BTC. NAV and limits are counted in it."),
  collateral: z14.string().regex(/^(underlying|[A-Z][A-Z0-9]{1,9})$/, { error: 'must be "underlying" or an upper-case symbol such as USDC' }).default("underlying").describe('What backs written options: "underlying" (coin-margined, covered calls) or a stablecoin symbol such as USDC (cash-secured puts). Default underlying.'),
  initialNav: z14.number().positive().describe("Net asset value at the start, in units of `asset`: 10 means 10 BTC for a BTC vault."),
  fees: feesSchema2.prefault({}),
  epoch: epochSchema.prefault({}),
  maxTvl: z14.number().positive().optional().describe("Deposit cap: total value locked, in units of `asset`. No cap when absent."),
  minDeposit: z14.number().min(0).default(0).describe("Smallest deposit accepted, in units of `asset`. Default 0."),
  flows: z14.array(flowSchema).default([]).describe("Deposits and withdrawals the backtest replays, in any order: { at, account, deposit } or { at, account, withdrawShares | withdrawAll: true }. Default none.")
}).superRefine((v, issue) => {
  const firstDeposit = /* @__PURE__ */ new Map([[INITIAL_ACCOUNT, -Infinity]]);
  v.flows.forEach((f, i) => {
    if (f.deposit === void 0) return;
    if (f.deposit > 0 && f.deposit < v.minDeposit) {
      issue.addIssue({ code: "custom", path: ["flows", i, "deposit"], message: `is below vault.minDeposit (${v.minDeposit})`, params: { fix: `deposit at least ${v.minDeposit}, or lower vault.minDeposit.` } });
    }
    const t = isoUtcToMs(f.at);
    if (!(t >= (firstDeposit.get(f.account) ?? Infinity))) firstDeposit.set(f.account, t);
  });
  v.flows.forEach((f, i) => {
    if (f.deposit !== void 0) return;
    const first = firstDeposit.get(f.account);
    if (first === void 0 || isoUtcToMs(f.at) < first) {
      issue.addIssue({
        code: "custom",
        path: ["flows", i, "account"],
        message: `"${f.account}" withdraws at ${f.at} but has no deposit before then`,
        params: { omitFound: true, fix: `add a deposit for ${f.account} before ${f.at}, or name "${INITIAL_ACCOUNT}" (the initial NAV's shares).` }
      });
    }
  });
}).describe("The vault: asset, size, fees and epoch calendar.");

// engine/config/schema/optvaultConfigSchema.ts
function optvaultConfigSchema(ctx) {
  return z15.strictObject({
    vault: vaultSchema,
    strategy: strategySchema(ctx),
    data: dataSchema(ctx).optional(),
    iv: ivSchema.prefault({ source: "index" }),
    execution: executionSchema.prefault({}),
    hedge: hedgeSchema.optional(),
    risk: riskSchema.prefault({}),
    schedule: scheduleSchema.prefault({}),
    journal: journalSchema(ctx).prefault({ path: `${ctx.fileStem}.journal.sqlite` })
  }).superRefine((c, issue) => {
    const need = (when, path, message, fix) => {
      if (when) issue.addIssue({ code: "custom", path, message, params: { omitFound: true, fix } });
    };
    const backtest = c.execution.venue === "sim";
    need(
      backtest && c.data === void 0,
      ["execution", "venue"],
      "is sim (backtest), which needs a data section",
      "add data: { bars: path/to/bars.csv }, or pick a live venue."
    );
    need(
      backtest && c.data !== void 0 && c.iv.source === "index" && c.data.vol === void 0,
      ["iv", "source"],
      "is index, which needs data.vol",
      "add data.vol (a vol index file such as DVOL), or use iv.source: realized or constant."
    );
    need(
      backtest && c.data !== void 0 && c.iv.source === "chain" && c.data.chain === void 0,
      ["iv", "source"],
      "is chain, which needs data.chain",
      "add data.chain (option chain files), or use iv.source: index."
    );
    need(
      backtest && c.data !== void 0 && c.execution.gas.model === "series" && c.data.gas === void 0,
      ["execution", "gas", "model"],
      "is series, which needs data.gas",
      "add data.gas (a gas price file in gwei), or use model: constant."
    );
    need(
      backtest && c.data !== void 0 && c.execution.slippage.model === "chain-spread" && c.data.chain === void 0,
      ["execution", "slippage", "model"],
      "is chain-spread, which needs data.chain",
      "add data.chain, or use model: bps."
    );
  }).transform((c) => ({
    ...c,
    schedule: { ...c.schedule, epochRoll: c.schedule.epochRoll ?? epochCron(c.vault.epoch) }
  })).describe("optvault vault config: vault, strategy, data, iv, execution, hedge, risk, schedule, journal.");
}
function epochCron(e) {
  if (e.every === "daily") return `0 ${e.hourUtc} * * *`;
  return `0 ${e.hourUtc} * * ${(WEEKDAYS.indexOf(e.weekday) + 1) % 7}`;
}

// engine/config/parseConfigText.ts
function parseConfigText(text, fileName, opts = {}) {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const errors = [];
  const at = (offset) => {
    const p = lines.linePos(offset);
    return { line: p.line, col: p.col };
  };
  const textLines = text.split("\n");
  for (const e of doc.errors) {
    const where = at(e.pos[0]);
    const placeholderInFlow = /\$\{/.test(textLines[where.line - 1] ?? "") && /[[{]/.test(textLines[where.line - 1] ?? "");
    errors.push(new ConfigFieldError(
      fileName,
      where,
      "(yaml)",
      `is not valid YAML: ${firstLine(e.message)}`,
      placeholderInFlow ? 'inside { } or [ ], quote a placeholder ("${KEY}"), or write the mapping one key per line.' : 'check indentation (spaces, not tabs) and that every "key: value" has a space after the colon.'
    ));
  }
  if (errors.length > 0) throw new ConfigInvalidError(fileName, errors);
  if (!isMap3(doc.contents)) {
    const found = doc.contents === null ? "an empty file" : isSeq3(doc.contents) ? "a list" : "a single value";
    throw new ConfigInvalidError(fileName, [new ConfigFieldError(
      fileName,
      at(doc.contents?.range?.[0] ?? 0),
      "(config)",
      `must be a mapping of sections (vault:, strategy:, \u2026), got ${found}`,
      "start from config/covered-call.yaml."
    )]);
  }
  const interpolated = /* @__PURE__ */ new WeakMap();
  const failed = [];
  const scalars = [];
  walkScalars(doc, doc.contents, [], scalars);
  const env = opts.env ?? process.env;
  for (const { path, node } of scalars) {
    if (typeof node.value !== "string" || !node.value.includes("${")) continue;
    const r = interpolateEnv(node.value, env);
    if (!r.ok) {
      errors.push(new ConfigFieldError(fileName, at(node.range?.[0] ?? 0), fieldName(path), r.problem, r.fix));
      failed.push(path);
      continue;
    }
    interpolated.set(node, r.vars);
    node.value = r.whole && node.type === Scalar.PLAIN ? plainValue(r.value) : r.value;
  }
  const data2 = doc.toJS({ maxAliasCount: 1e3 });
  const ctx = { baseDir: dirname(resolve2(fileName)), checkFiles: opts.checkFiles ?? false, fileStem: basename(fileName, extname(fileName)) };
  const { schema, strategy } = schemasFor(ctx);
  const issueCtx = { file: fileName, doc, lines, schema, data: data2, prefix: [], interpolated };
  const underFailed = (p) => failed.some((f) => f.every((s2, i) => String(p[i]) === String(s2)));
  for (const { path, node } of scalars) {
    if (interpolated.has(node) || underFailed(path) || node.value === null) continue;
    if (schemaAt(schema, path, data2)?.secret === true) {
      errors.push(new ConfigFieldError(
        fileName,
        at(node.range?.[0] ?? 0),
        fieldName(path),
        "must come from an environment variable, not be written in the file",
        `write ${String(path[path.length - 1])}: \${SOME_NAME} and export SOME_NAME, so the secret never sits in a file.`
      ));
    }
  }
  const parsed = schema.safeParse(data2);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (underFailed(issue.path)) continue;
      errors.push(...issueToFieldErrors(issue, issueCtx));
    }
  }
  const params = checkStrategy(data2, strategy, opts, { ...issueCtx }, errors);
  if (errors.length > 0 || !parsed.success) throw new ConfigInvalidError(fileName, dedupe(errors));
  return params === void 0 ? parsed.data : { ...parsed.data, strategy: { ...parsed.data.strategy, params } };
}
function checkStrategy(data2, schema, opts, issueCtx, errors) {
  const s2 = schema.safeParse(data2.strategy);
  if (!s2.success) return void 0;
  if (s2.data.name !== void 0 && opts.knownStrategies !== void 0 && !opts.knownStrategies.includes(s2.data.name)) {
    const guess = didYouMean(s2.data.name, opts.knownStrategies);
    errors.push(...issueToFieldErrors({
      code: "custom",
      path: ["strategy", "name"],
      input: s2.data.name,
      message: `is not a built-in strategy (built-ins: ${opts.knownStrategies.join(", ")})`,
      params: { omitFound: true, fix: guess !== void 0 ? `did you mean "${guess}"?` : "or give path: ./myStrategy.ts for a plugin." }
    }, issueCtx));
    return void 0;
  }
  const ps = opts.strategyParamsSchema?.({ name: s2.data.name, path: s2.data.path });
  if (ps === void 0) return void 0;
  const raw = data2.strategy.params ?? {};
  const r = ps.safeParse(raw);
  if (r.success) return r.data;
  for (const issue of r.error.issues) {
    errors.push(...issueToFieldErrors(issue, { ...issueCtx, schema: ps, data: raw, prefix: ["strategy", "params"] }));
  }
  return void 0;
}
var schemaCache = /* @__PURE__ */ new Map();
function schemasFor(ctx) {
  const key = `${ctx.baseDir}\0${ctx.checkFiles}\0${ctx.fileStem}`;
  let hit = schemaCache.get(key);
  if (hit === void 0) {
    if (schemaCache.size >= 16) schemaCache.clear();
    hit = { schema: optvaultConfigSchema(ctx), strategy: strategySchema(ctx) };
    schemaCache.set(key, hit);
  }
  return hit;
}
function walkScalars(doc, node, path, out) {
  if (isMap3(node)) {
    for (const p of node.items) if (isScalar3(p.key)) walkScalars(doc, p.value, [...path, String(p.key.value)], out);
  } else if (isSeq3(node)) {
    node.items.forEach((it, i) => walkScalars(doc, it, [...path, i], out));
  } else if (isScalar3(node)) {
    out.push({ path, node });
  }
}
function plainValue(s2) {
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s2)) return Number(s2);
  if (s2 === "true" || s2 === "false") return s2 === "true";
  return s2;
}
function firstLine(s2) {
  return s2.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "").replace(/\.$/, "");
}
function dedupe(errors) {
  const seen = /* @__PURE__ */ new Set();
  return errors.filter((e) => {
    const k = e.message;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// backtest/sweep/runSweepJob.ts
init_base();

// engine/runtime/loadStrategy.ts
import { existsSync as existsSync2 } from "node:fs";
import { pathToFileURL } from "node:url";

// engine/plugin/strategy.ts
var STRATEGY_API_VERSION = 1;

// engine/runtime/strategyError.ts
init_base();
var StrategyError = class extends OptvaultError {
  constructor(strategy, hook, cause, where) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`Strategy "${strategy}" threw in ${hook}: ${why}`, {
      ...where === void 0 ? {} : { where },
      fix: `Fix the strategy's ${hook} hook; the stack trace of the cause shows the line.`,
      cause
    });
    this.strategy = strategy;
    this.hook = hook;
  }
  strategy;
  hook;
  name = "StrategyError";
};
var StrategyLoadError = class extends OptvaultError {
  name = "StrategyLoadError";
  exitCode = 2;
  constructor(what, problem, fix, cause) {
    super(`Strategy ${what} ${problem}.`, { fix, cause });
  }
};

// engine/runtime/loadStrategy.ts
function builtInStrategies() {
  builtIns ??= importBuiltIns();
  builtIns.catch(() => {
    builtIns = void 0;
  });
  return builtIns;
}
var builtIns;
async function importBuiltIns() {
  const ext = import.meta.url.endsWith(".js") ? "js" : "ts";
  const url = new URL(`../../strategies/index.${ext}`, import.meta.url);
  if (!existsSync2(url)) return {};
  const mod = await import(url.href);
  return mod.builtInStrategies ?? {};
}
async function loadStrategy(ref) {
  if (ref.path !== void 0) {
    if (!existsSync2(ref.path)) throw new StrategyLoadError(ref.path, "does not exist", "check strategy.path; it is relative to the config file.");
    let mod;
    try {
      mod = await import(pathToFileURL(ref.path).href);
    } catch (e) {
      throw new StrategyLoadError(ref.path, `failed to load: ${e instanceof Error ? e.message : String(e)}`, "fix the error in the plugin file.", e);
    }
    return check(ref.path, mod.default ?? mod.strategy);
  }
  const name = ref.name ?? "";
  const all = await builtInStrategies();
  const def = Object.hasOwn(all, name) ? all[name] : void 0;
  if (def === void 0) {
    const names = Object.keys(all);
    throw new StrategyLoadError(
      `"${name}"`,
      "is not a built-in strategy",
      names.length > 0 ? `use one of: ${names.join(", ")}; or give strategy.path to a plugin file.` : "give strategy.path to a plugin file."
    );
  }
  return check(name, def);
}
function check(what, def) {
  const d = def;
  if (d === void 0 || d === null || typeof d !== "object" || typeof d.name !== "string") {
    throw new StrategyLoadError(what, "has no strategy as its default export", "write `export default defineStrategy({ name, apiVersion: 1, params, ... })`.");
  }
  if (d.apiVersion !== STRATEGY_API_VERSION) {
    throw new StrategyLoadError(what, `declares apiVersion ${String(d.apiVersion)}, but this optvault implements ${STRATEGY_API_VERSION}`, `set apiVersion: ${STRATEGY_API_VERSION}.`);
  }
  if (d.params === void 0 || typeof d.params.safeParse !== "function") {
    throw new StrategyLoadError(what, "has no zod params schema", "give params: z.object({ ... }) (z is exported by optvault).");
  }
  return d;
}

// backtest/loop/backtestResult.ts
function navQuoteOf(r, out = new Float64Array(r.equity.nav.length)) {
  const e = r.equity;
  if (r.unit !== "asset") {
    out.set(e.nav);
    return out;
  }
  for (let i = 0; i < out.length; i++) out[i] = e.nav[i] * e.spot[i];
  return out;
}
function denseColumn(n, bars, values) {
  const out = new Float64Array(n);
  for (let k = 0; k < bars.length; k++) out[bars[k]] = out[bars[k]] + values[k];
  return out;
}

// backtest/loop/columnReuse.ts
var ColumnReuse = class {
  f64 = [];
  i32 = [];
  f64At = 0;
  i32At = 0;
  /** Starts a run: every column is free again. */
  begin() {
    this.f64At = 0;
    this.i32At = 0;
  }
  float64(n) {
    const k = this.f64At++;
    const a = this.f64[k];
    if (a !== void 0 && a.length === n) return a;
    return this.f64[k] = new Float64Array(n);
  }
  int32(n) {
    const k = this.i32At++;
    const a = this.i32[k];
    if (a !== void 0 && a.length === n) return a;
    return this.i32[k] = new Int32Array(n);
  }
};

// engine/errors/settlement.ts
init_base();
var SettlementInputError = class extends OptvaultError {
  constructor(where, problem, fix) {
    super(`${where} ${problem}.`, fix === void 0 ? { where } : { where, fix });
    this.where = where;
  }
  where;
  name = "SettlementInputError";
};
var NoSettlementSamplesError = class extends OptvaultError {
  constructor(expiryMs, windowMs, sampleCount) {
    super(`no index sample between ${iso(expiryMs - windowMs)} and expiry ${iso(expiryMs)} (${sampleCount} samples given).`, {
      fix: "Load index data that covers the settlement window, or widen windowMs."
    });
    this.expiryMs = expiryMs;
    this.windowMs = windowMs;
    this.sampleCount = sampleCount;
  }
  expiryMs;
  windowMs;
  sampleCount;
  name = "NoSettlementSamplesError";
};
function iso(ms) {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms);
}

// engine/domain/settlement/twapSettlementPrice.ts
var DEFAULT_SETTLEMENT_WINDOW_MS = 30 * 6e4;
function twapSettlementPrice(input) {
  const { tMs, price, expiryMs } = input;
  const windowMs = input.windowMs ?? DEFAULT_SETTLEMENT_WINDOW_MS;
  if (tMs.length !== price.length) {
    throw new SettlementInputError("price", `has ${price.length} samples but tMs has ${tMs.length}`, "Pass one price per timestamp.");
  }
  if (!Number.isFinite(expiryMs)) throw new SettlementInputError("expiryMs", `must be a UTC time in ms, got ${expiryMs}`);
  if (!Number.isFinite(windowMs) || windowMs < 0) throw new SettlementInputError("windowMs", `must be a duration in ms >= 0, got ${windowMs}`);
  const startMs = expiryMs - windowMs;
  const lo = firstIndex(tMs, startMs, false);
  const hi = firstIndex(tMs, expiryMs, true) - 1;
  if (lo > hi) throw new NoSettlementSamplesError(expiryMs, windowMs, tMs.length);
  let sum = 0;
  for (let i = lo; i <= hi; i++) {
    const t = tMs[i];
    const p = price[i];
    if (!(p > 0) || !Number.isFinite(p)) throw new SettlementInputError(`price[${i}]`, `must be a positive finite number, got ${p}`);
    const next = i < hi ? tMs[i + 1] : expiryMs;
    if (!(next >= t)) throw new SettlementInputError(`tMs[${i + 1}]`, `is ${next}, before tMs[${i}] = ${t}`, "Sort the samples by time.");
    sum += p * (next - t);
  }
  const spanMs = expiryMs - tMs[lo];
  return spanMs > 0 ? sum / spanMs : price[hi];
}
function firstIndex(tMs, t, strictlyAfter) {
  let a = 0, b = tMs.length;
  while (a < b) {
    const m = a + b >>> 1;
    const tm = tMs[m];
    if (tm < t || strictlyAfter && tm === t) a = m + 1;
    else b = m;
  }
  return a;
}

// engine/errors/vault.ts
init_base();
var EpochTransitionError = class extends OptvaultError {
  constructor(epoch, event, phase, expected) {
    super(`cannot ${verbOf(event)} epoch ${epoch}: it is "${phase}", expected "${expected}".`, {
      fix: "Epochs run open -> takePositions -> expire -> settle -> roll; replay the journal in order."
    });
    this.epoch = epoch;
    this.event = event;
    this.phase = phase;
    this.expected = expected;
  }
  epoch;
  event;
  phase;
  expected;
  name = "EpochTransitionError";
};
function verbOf(event) {
  return event === "takePositions" ? "take positions in" : event;
}
var VaultCapError = class extends OptvaultError {
  constructor(account, assets, tvlAssets, capAssets) {
    super(`deposit of ${assets} by "${account}" would take the vault to ${tvlAssets + assets}, above its cap of ${capAssets} (asset base units).`, {
      fix: `Deposit at most ${capAssets > tvlAssets ? capAssets - tvlAssets : 0n}, or raise maxTvlAssets in the vault config.`
    });
    this.account = account;
    this.assets = assets;
    this.tvlAssets = tvlAssets;
    this.capAssets = capAssets;
  }
  account;
  assets;
  tvlAssets;
  capAssets;
  name = "VaultCapError";
};
var MinDepositError = class extends OptvaultError {
  constructor(account, assets, minAssets) {
    super(`deposit of ${assets} by "${account}" is below the minimum deposit of ${minAssets} (asset base units).`, {
      fix: `Deposit at least ${minAssets}.`
    });
    this.account = account;
    this.assets = assets;
    this.minAssets = minAssets;
  }
  account;
  assets;
  minAssets;
  name = "MinDepositError";
};
var VaultRequestError = class extends OptvaultError {
  constructor(event, account, field, problem, fix) {
    super(`${event} by "${account}": ${field} ${problem}.`, fix === void 0 ? {} : { fix });
    this.event = event;
    this.account = account;
    this.field = field;
  }
  event;
  account;
  field;
  name = "VaultRequestError";
};
var VaultConfigError = class extends OptvaultError {
  constructor(field, problem, fix) {
    super(`vault config ${field} ${problem}.`, fix === void 0 ? {} : { fix });
    this.field = field;
  }
  field;
  name = "VaultConfigError";
};
var VaultInvariantError = class extends OptvaultError {
  name = "VaultInvariantError";
  constructor(problem, fix) {
    super(problem, fix === void 0 ? {} : { fix });
  }
};

// engine/domain/vault/vaultConfig.ts
function validateVaultConfig(config) {
  const intIn = (field, v, min, max) => {
    if (!Number.isInteger(v) || v < min || v > max) {
      throw new VaultConfigError(field, `must be an integer from ${min} to ${max}, got ${v}`);
    }
  };
  intIn("assetDecimals", config.assetDecimals, 0, 36);
  intIn("decimalsOffset", config.decimalsOffset, 0, 18);
  intIn("managementFeeBpsPerYear", config.managementFeeBpsPerYear, 0, 1e4);
  intIn("performanceFeeBps", config.performanceFeeBps, 0, 1e4);
  if (config.minDepositAssets < 1n) {
    throw new VaultConfigError("minDepositAssets", `must be at least 1 base unit, got ${config.minDepositAssets}`);
  }
  if (config.maxTvlAssets < config.minDepositAssets) {
    throw new VaultConfigError("maxTvlAssets", `must be at least minDepositAssets (${config.minDepositAssets}), got ${config.maxTvlAssets}`);
  }
  if (config.feePayment !== "shares" && config.feePayment !== "assets") {
    throw new VaultConfigError("feePayment", `must be "shares" or "assets", got ${JSON.stringify(config.feePayment)}`);
  }
  if (typeof config.feeRecipient !== "string" || config.feeRecipient === "") {
    throw new VaultConfigError("feeRecipient", "must be a non-empty account id");
  }
  return config;
}

// engine/domain/vault/vaultState.ts
function initialVaultState(config, startMs) {
  validateVaultConfig(config);
  return {
    config,
    epoch: 0,
    phase: "settled",
    epochStartMs: startMs,
    epochExpiredMs: null,
    totalAssets: 0n,
    totalShares: 0n,
    epochStartAssets: 0n,
    shares: {},
    pendingDeposits: {},
    totalPendingAssets: 0n,
    queuedWithdrawShares: {},
    totalQueuedShares: 0n,
    payouts: {},
    totalPayoutAssets: 0n,
    highWaterMark: null,
    lastSettlement: null
  };
}
function amountOf(map, account) {
  return Object.hasOwn(map, account) ? map[account] : 0n;
}
function withAmount(map, account, delta) {
  const next = amountOf(map, account) + delta;
  const out = { ...map };
  if (next === 0n) delete out[account];
  else Object.defineProperty(out, account, { value: next, enumerable: true, writable: true, configurable: true });
  return out;
}
function shareBook(state) {
  return { totalAssets: state.totalAssets, totalShares: state.totalShares, decimalsOffset: state.config.decimalsOffset };
}

// engine/domain/units.ts
var MS_PER_DAY = 864e5;
var DAYS_PER_YEAR = 365;
var MS_PER_YEAR = DAYS_PER_YEAR * MS_PER_DAY;

// engine/domain/vault/mulDiv.ts
function mulDiv(a, b, d, rounding) {
  if (a < 0n || b < 0n || d <= 0n) throw new VaultInvariantError(`mulDiv needs a, b >= 0 and d > 0, got ${a} * ${b} / ${d}`);
  const p = a * b;
  const q = p / d;
  return rounding === "up" && q * d !== p ? q + 1n : q;
}

// engine/domain/vault/epochFees.ts
function epochFees(input) {
  const { startAssets: a0, pnlAssets: pnl, totalShares: s2 } = input;
  if (!Number.isSafeInteger(input.epochMs) || input.epochMs < 0) {
    throw new VaultInvariantError(`epoch length must be a whole number of ms >= 0, got ${input.epochMs}`);
  }
  const gross = a0 + pnl;
  if (gross < 0n) {
    throw new VaultInvariantError(
      `settlement loss ${-pnl} exceeds the ${a0} assets the epoch started with`,
      "A fully collateralised vault cannot lose more than its assets; check the P&L sign and units (asset base units)."
    );
  }
  if (s2 === 0n) {
    return { grossAssets: gross, managementFeeAssets: 0n, chargeableGainAssets: 0n, performanceFeeAssets: 0n, totalFeeAssets: 0n, feeShares: 0n, assetsAfterFees: gross };
  }
  const mgmtUncapped = mulDiv(a0, BigInt(input.managementFeeBpsPerYear) * BigInt(input.epochMs), 10000n * BigInt(MS_PER_YEAR), "down");
  const management = mgmtUncapped < gross ? mgmtUncapped : gross;
  let floor = a0;
  if (input.highWaterMark !== null) {
    const mark = mulDiv(s2, input.highWaterMark.assets, input.highWaterMark.shares, "up");
    if (mark > floor) floor = mark;
  }
  const chargeable = gross > floor ? gross - floor : 0n;
  const perfUncapped = mulDiv(chargeable, BigInt(input.performanceFeeBps), 10000n, "down");
  const performance2 = perfUncapped < gross - management ? perfUncapped : gross - management;
  const total = management + performance2;
  if (input.feePayment === "assets") {
    return { grossAssets: gross, managementFeeAssets: management, chargeableGainAssets: chargeable, performanceFeeAssets: performance2, totalFeeAssets: total, feeShares: 0n, assetsAfterFees: gross - total };
  }
  const feeShares = mulDiv(total, s2 + 10n ** BigInt(input.decimalsOffset), gross + 1n - total, "down");
  return { grossAssets: gross, managementFeeAssets: management, chargeableGainAssets: chargeable, performanceFeeAssets: performance2, totalFeeAssets: total, feeShares, assetsAfterFees: gross };
}

// engine/domain/vault/vaultEvent.ts
var EPOCH_TRANSITIONS = {
  takePositions: { from: "open", to: "positionsTaken" },
  expire: { from: "positionsTaken", to: "expired" },
  settle: { from: "expired", to: "settled" },
  roll: { from: "settled", to: "open" }
};

// engine/domain/vault/vaultShares.ts
var virtualShares = (book) => 10n ** BigInt(book.decimalsOffset);
function convertToShares(book, assets, rounding = "down") {
  return mulDiv(assets, book.totalShares + virtualShares(book), book.totalAssets + 1n, rounding);
}
function convertToAssets(book, shares, rounding = "down") {
  return mulDiv(shares, book.totalAssets + 1n, book.totalShares + virtualShares(book), rounding);
}
function pricePerShare(book, assetDecimals) {
  return convertToAssets(book, 10n ** BigInt(assetDecimals + book.decimalsOffset), "down");
}

// engine/domain/vault/reduceVault.ts
function reduceVault(state, event) {
  switch (event.type) {
    case "deposit":
      return deposit(state, event.account, event.assets);
    case "cancelDeposit":
      return cancelDeposit(state, event.account, event.assets);
    case "withdrawRequest":
      return withdrawRequest(state, event.account, event.shares);
    case "claim":
      return claim(state, event.account);
    case "takePositions":
      checkTransition(state, event);
      checkTimeOrder(state, event);
      return { ...state, phase: "positionsTaken" };
    case "expire":
      checkTransition(state, event);
      checkTimeOrder(state, event);
      return { ...state, phase: "expired", epochExpiredMs: event.atMs };
    case "settle":
      checkTransition(state, event);
      checkTimeOrder(state, event);
      return settle(state, event.atMs, event.pnlAssets);
    case "roll":
      checkTransition(state, event);
      checkTimeOrder(state, event);
      return roll(state, event.atMs);
    default: {
      const never = event;
      throw new VaultInvariantError(`unknown vault event ${JSON.stringify(never.type)}`);
    }
  }
}
function checkTransition(state, event) {
  const t = EPOCH_TRANSITIONS[event.type];
  if (state.phase !== t.from) throw new EpochTransitionError(state.epoch, event.type, state.phase, t.from);
}
function checkTimeOrder(state, event) {
  const since = state.epochExpiredMs ?? state.epochStartMs;
  if (!Number.isFinite(event.atMs) || event.atMs < since) {
    throw new VaultInvariantError(
      `${event.type} of epoch ${state.epoch} at ${event.atMs} ms is before the epoch's previous event at ${since} ms`,
      "Event times are UTC ms and must not run backwards."
    );
  }
}
function checkRequest(event, account, field, amount) {
  if (typeof account !== "string" || account === "") throw new VaultRequestError(event, String(account), "account", "must be a non-empty id");
  if (typeof amount !== "bigint" || amount <= 0n) {
    throw new VaultRequestError(event, account, field, `must be a positive bigint in base units, got ${String(amount)}`);
  }
}
function deposit(state, account, assets) {
  checkRequest("deposit", account, "assets", assets);
  const { minDepositAssets, maxTvlAssets } = state.config;
  if (assets < minDepositAssets) throw new MinDepositError(account, assets, minDepositAssets);
  const tvl = state.totalAssets + state.totalPendingAssets;
  if (tvl + assets > maxTvlAssets) throw new VaultCapError(account, assets, tvl, maxTvlAssets);
  return {
    ...state,
    pendingDeposits: withAmount(state.pendingDeposits, account, assets),
    totalPendingAssets: state.totalPendingAssets + assets
  };
}
function cancelDeposit(state, account, assets) {
  checkRequest("cancelDeposit", account, "assets", assets);
  const pending = amountOf(state.pendingDeposits, account);
  if (assets > pending) {
    throw new VaultRequestError(
      "cancelDeposit",
      account,
      "assets",
      `must be at most the ${pending} still queued, got ${assets}`,
      "Minted deposits are withdrawn with withdrawRequest."
    );
  }
  return {
    ...state,
    pendingDeposits: withAmount(state.pendingDeposits, account, -assets),
    totalPendingAssets: state.totalPendingAssets - assets,
    payouts: withAmount(state.payouts, account, assets),
    totalPayoutAssets: state.totalPayoutAssets + assets
  };
}
function withdrawRequest(state, account, shares) {
  checkRequest("withdrawRequest", account, "shares", shares);
  const free = amountOf(state.shares, account) - amountOf(state.queuedWithdrawShares, account);
  if (shares > free) {
    throw new VaultRequestError("withdrawRequest", account, "shares", `must be at most the ${free} free (minted, not yet queued) shares, got ${shares}`);
  }
  return {
    ...state,
    queuedWithdrawShares: withAmount(state.queuedWithdrawShares, account, shares),
    totalQueuedShares: state.totalQueuedShares + shares
  };
}
function claim(state, account) {
  const owed = amountOf(state.payouts, account);
  if (owed === 0n) throw new VaultRequestError("claim", account, "payouts", "are 0: nothing to claim");
  return { ...state, payouts: withAmount(state.payouts, account, -owed), totalPayoutAssets: state.totalPayoutAssets - owed };
}
function settle(state, atMs, pnlAssets) {
  if (typeof pnlAssets !== "bigint") throw new VaultInvariantError(`settle pnlAssets must be a bigint in asset base units, got ${String(pnlAssets)}`);
  const { config } = state;
  if (state.totalAssets !== state.epochStartAssets) {
    throw new VaultInvariantError(`epoch ${state.epoch} assets changed from ${state.epochStartAssets} to ${state.totalAssets} before settlement`);
  }
  const epochMs = (state.epochExpiredMs ?? state.epochStartMs) - state.epochStartMs;
  const fees = epochFees({
    startAssets: state.epochStartAssets,
    pnlAssets,
    totalShares: state.totalShares,
    epochMs,
    managementFeeBpsPerYear: config.managementFeeBpsPerYear,
    performanceFeeBps: config.performanceFeeBps,
    highWaterMark: config.highWaterMark ? state.highWaterMark : null,
    feePayment: config.feePayment,
    decimalsOffset: config.decimalsOffset
  });
  let shares = state.shares;
  let payouts = state.payouts;
  let totalPayout = state.totalPayoutAssets;
  let totalShares = state.totalShares + fees.feeShares;
  let totalAssets = fees.assetsAfterFees;
  if (fees.feeShares > 0n) shares = withAmount(shares, config.feeRecipient, fees.feeShares);
  if (config.feePayment === "assets" && fees.totalFeeAssets > 0n) {
    payouts = withAmount(payouts, config.feeRecipient, fees.totalFeeAssets);
    totalPayout += fees.totalFeeAssets;
  }
  const book = { totalAssets, totalShares, decimalsOffset: config.decimalsOffset };
  const closingPricePerShare = pricePerShare(book, config.assetDecimals);
  let withdrawnAssets = 0n;
  for (const [account, queued] of entries(state.queuedWithdrawShares)) {
    const assets = convertToAssets(book, queued, "down");
    withdrawnAssets += assets;
    shares = withAmount(shares, account, -queued);
    if (assets > 0n) payouts = withAmount(payouts, account, assets);
  }
  totalShares -= state.totalQueuedShares;
  totalAssets -= withdrawnAssets;
  totalPayout += withdrawnAssets;
  let highWaterMark = state.highWaterMark;
  if (config.highWaterMark && book.totalShares > 0n) {
    if (highWaterMark === null || book.totalAssets * highWaterMark.shares > highWaterMark.assets * book.totalShares) {
      highWaterMark = { assets: book.totalAssets, shares: book.totalShares };
    }
  }
  return {
    ...state,
    phase: "settled",
    totalAssets,
    totalShares,
    shares,
    payouts,
    totalPayoutAssets: totalPayout,
    queuedWithdrawShares: {},
    totalQueuedShares: 0n,
    highWaterMark,
    lastSettlement: {
      ...fees,
      epoch: state.epoch,
      pnlAssets,
      epochMs,
      settledMs: atMs,
      closingPricePerShare,
      withdrawnShares: state.totalQueuedShares,
      withdrawnAssets
    }
  };
}
function roll(state, atMs) {
  const book = shareBook(state);
  let shares = state.shares;
  let minted = 0n;
  for (const [account, assets] of entries(state.pendingDeposits)) {
    const s2 = convertToShares(book, assets, "down");
    minted += s2;
    if (s2 > 0n) shares = withAmount(shares, account, s2);
  }
  const totalAssets = state.totalAssets + state.totalPendingAssets;
  return {
    ...state,
    epoch: state.epoch + 1,
    phase: "open",
    epochStartMs: atMs,
    epochExpiredMs: null,
    totalAssets,
    totalShares: state.totalShares + minted,
    epochStartAssets: totalAssets,
    shares,
    pendingDeposits: {},
    totalPendingAssets: 0n
  };
}
function entries(map) {
  return Object.entries(map);
}

// engine/runtime/hedgePolicyOf.ts
function hedgePolicyOf(cfg) {
  const h = cfg.hedge;
  if (h === void 0) return void 0;
  switch (h.trigger) {
    case "interval":
      return { trigger: "interval", targetDelta: h.targetDelta, intervalHours: h.intervalHours };
    case "band":
      return { trigger: "band", targetDelta: h.targetDelta, band: h.band };
    case "move":
      return { trigger: "move", targetDelta: h.targetDelta, moveFraction: h.moveFraction };
    case "whalley-wilmott": {
      const x = cfg.execution;
      const costFraction = h.costFraction ?? (x.fees.takerBps + (x.slippage.model === "bps" ? x.slippage.bps : 0)) / 1e4;
      return { trigger: "whalley-wilmott", targetDelta: h.targetDelta, riskAversion: h.riskAversion, costFraction };
    }
  }
}

// engine/runtime/marketView.ts
init_base();
var LookaheadError = class extends OptvaultError {
  name = "LookaheadError";
  constructor(asked) {
    super(`A strategy asked for ${asked}, which is after the current bar.`, {
      fix: "A strategy sees only bars up to now. Use ago >= 0; decide on the current bar and let the order fill later."
    });
  }
};
var BarCursor = class {
  constructor(bars, barMs) {
    this.bars = bars;
    this.barMs = barMs;
  }
  bars;
  barMs;
  i = -1;
  /** Close time of the current bar, set by moveTo: strategies read it several times a bar. */
  nowMs = NaN;
  /** Moves to bar `i`; only the runtime calls this, and only forwards. */
  moveTo(i) {
    if (i < this.i || i >= this.bars.length) throw new RangeError(`cursor cannot move from ${this.i} to ${i}`);
    this.i = i;
    this.nowMs = this.bars.tMs[i] + this.barMs;
  }
  get index() {
    return this.i;
  }
  get seen() {
    return this.i + 1;
  }
  get now() {
    return this.nowMs;
  }
  /** close(0) without the look-back checks: called every bar by the hedge check. */
  spot() {
    if (this.i < 0) throw new RangeError("no bar has been seen yet");
    return this.bars.close[this.i];
  }
  close(ago = 0) {
    return this.bars.close[this.at(ago)];
  }
  bar(ago = 0) {
    const j = this.at(ago);
    const b = this.bars;
    return {
      openMs: b.tMs[j],
      open: b.open[j],
      high: b.high[j],
      low: b.low[j],
      close: b.close[j],
      volume: b.volume[j]
    };
  }
  closes(n) {
    const from = Math.max(0, this.i + 1 - Math.max(0, Math.floor(n)));
    return this.bars.close.slice(from, this.i + 1);
  }
  at(ago) {
    if (!(ago >= 0)) throw new LookaheadError(`the bar ${ago} bars back`);
    if (this.i < 0) throw new RangeError("no bar has been seen yet");
    const j = this.i - Math.floor(ago);
    if (j < 0) throw new RangeError(`only ${this.i + 1} bars have been seen; asked for ${ago} back`);
    return j;
  }
};

// engine/runtime/epochSchedule.ts
var DOW = { sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6 };
function nextEpochEndMs(afterMs, s2) {
  const hourMs = s2.hourUtc * 36e5;
  let day = Math.floor((afterMs - hourMs) / MS_PER_DAY);
  if (day * MS_PER_DAY + hourMs <= afterMs) day++;
  if (s2.every === "daily") return day * MS_PER_DAY + hourMs;
  const want = DOW[s2.weekday];
  const dow = new Date(day * MS_PER_DAY).getUTCDay();
  day += (want - dow + 7) % 7;
  if (s2.every === "weekly") return day * MS_PER_DAY + hourMs;
  for (; ; ) {
    const d = new Date(day * MS_PER_DAY);
    const next = new Date((day + 7) * MS_PER_DAY);
    if (next.getUTCMonth() !== d.getUTCMonth()) return day * MS_PER_DAY + hourMs;
    day += 7;
  }
}

// engine/runtime/clientId.ts
function fnv1a64Hex(text) {
  let h0 = 8997, h1 = 33826, h2 = 40164, h3 = 52210;
  for (let i = 0; i < text.length; i++) {
    h0 ^= text.charCodeAt(i);
    const t0 = h0 * 435;
    const t1 = h1 * 435 + (t0 >>> 16);
    const t2 = h2 * 435 + h0 * 256 + (t1 >>> 16);
    const t3 = h3 * 435 + h1 * 256 + (t2 >>> 16);
    h0 = t0 & 65535;
    h1 = t1 & 65535;
    h2 = t2 & 65535;
    h3 = t3 & 65535;
  }
  const hex = (x) => x.toString(16).padStart(4, "0");
  return hex(h3) + hex(h2) + hex(h1) + hex(h0);
}
function orderClientId(p) {
  return `ov-${fnv1a64Hex(`${p.runId}|${p.epoch}|${p.barIndex}|${p.hook}|${p.seq}`)}`;
}

// engine/errors/pricing.ts
init_base();
var PricingInputError = class extends OptvaultError {
  constructor(field, value, where) {
    super(`${field} must be ${RULES[field]}, got ${String(value)}.`, { where, fix: FIXES[field] });
    this.field = field;
    this.value = value;
  }
  field;
  value;
  name = "PricingInputError";
  exitCode = 2;
};
var RULES = {
  model: "one of bsm, black76, inverse",
  kind: "call or put",
  underlying: "a finite number > 0",
  strike: "a finite number > 0",
  tYears: "a finite number >= 0",
  sigma: "a finite number >= 0",
  rate: "a finite number",
  div: "a finite number"
};
var FIXES = {
  model: "bsm prices on spot with a yield, black76 on a forward, inverse in coins (Deribit-style).",
  kind: "write 'call' or 'put' in lower case.",
  underlying: "underlying is the spot (bsm, inverse) or forward (black76) price in quote currency, e.g. 3000.",
  strike: "strike is in quote currency per unit of underlying, e.g. 3200.",
  tYears: "tYears is time to expiry in years (7 days = 7 / 365); an expired option has no time value to price.",
  sigma: "sigma is annualised volatility as a fraction: 0.65 for 65 vol points.",
  rate: "rate is a continuously compounded annual rate as a fraction: 0.05 for 5%.",
  div: "div is a continuous dividend or carry yield as a fraction: 0.02 for 2%; use 0 when there is none."
};

// engine/domain/pricing/checkPricingInput.ts
function checkPricingInput(underlying, strike, tYears, sigma, rate, div, where) {
  if (!(underlying > 0 && underlying < Infinity)) throw new PricingInputError("underlying", underlying, where);
  if (!(strike > 0 && strike < Infinity)) throw new PricingInputError("strike", strike, where);
  if (!(tYears >= 0 && tYears < Infinity)) throw new PricingInputError("tYears", tYears, where);
  if (!(sigma >= 0 && sigma < Infinity)) throw new PricingInputError("sigma", sigma, where);
  if (!(Math.abs(rate) < Infinity)) throw new PricingInputError("rate", rate, where);
  if (!(Math.abs(div) < Infinity)) throw new PricingInputError("div", div, where);
}

// engine/domain/pricing/normal.ts
var SQRT1_2 = Math.SQRT1_2;
var INV_SQRT_2PI = 0.3989422804014327;
var INV_SQRT_PI = 0.5641895835477563;
var SQRT_PI_OVER_2 = 1.2533141373155003;
var THRESH = 0.46875;
var XSMALL = 111e-18;
var XHUGE = 671e5;
var XMAX = 253e305;
var A0 = 3.1611237438705655;
var A1 = 113.86415415105016;
var A2 = 377.485237685302;
var A3 = 3209.3775891384694;
var A4 = 0.18577770618460315;
var B0 = 23.601290952344122;
var B1 = 244.02463793444417;
var B2 = 1282.6165260773723;
var B3 = 2844.236833439171;
var C0 = 0.5641884969886701;
var C1 = 8.883149794388375;
var C2 = 66.11919063714163;
var C3 = 298.6351381974001;
var C4 = 881.952221241769;
var C5 = 1712.0476126340707;
var C6 = 2051.0783778260716;
var C7 = 1230.3393547979972;
var C8 = 21531153547440383e-24;
var D0 = 15.744926110709835;
var D1 = 117.6939508913125;
var D2 = 537.1811018620099;
var D3 = 1621.3895745666903;
var D4 = 3290.7992357334597;
var D5 = 4362.619090143247;
var D6 = 3439.3676741437216;
var D7 = 1230.3393548037495;
var P0 = 0.30532663496123236;
var P1 = 0.36034489994980445;
var P2 = 0.12578172611122926;
var P3 = 0.016083785148742275;
var P4 = 6587491615298367e-19;
var P5 = 0.016315387137302097;
var Q0 = 2.568520192289822;
var Q1 = 1.8729528499234604;
var Q2 = 0.5279051029514285;
var Q3 = 0.06051834131244132;
var Q4 = 0.0023352049762686918;
var NORMAL_KERNEL_CONSTANTS = Object.freeze({
  A0,
  A1,
  A2,
  A3,
  A4,
  B0,
  B1,
  B2,
  B3,
  C0,
  C1,
  C2,
  C3,
  C4,
  C5,
  C6,
  C7,
  C8,
  D0,
  D1,
  D2,
  D3,
  D4,
  D5,
  D6,
  D7,
  INV_SQRT_2PI,
  SQRT1_2,
  SQRT_PI_OVER_2,
  THRESH,
  XSMALL
});
function erfcxPositive(y) {
  if (y <= 4) {
    let num2 = C8 * y, den2 = y;
    num2 = (num2 + C0) * y;
    den2 = (den2 + D0) * y;
    num2 = (num2 + C1) * y;
    den2 = (den2 + D1) * y;
    num2 = (num2 + C2) * y;
    den2 = (den2 + D2) * y;
    num2 = (num2 + C3) * y;
    den2 = (den2 + D3) * y;
    num2 = (num2 + C4) * y;
    den2 = (den2 + D4) * y;
    num2 = (num2 + C5) * y;
    den2 = (den2 + D5) * y;
    num2 = (num2 + C6) * y;
    den2 = (den2 + D6) * y;
    return (num2 + C7) / (den2 + D7);
  }
  if (y >= XMAX) return 0;
  if (y >= XHUGE) return INV_SQRT_PI / y;
  const z16 = 1 / (y * y);
  let num = P5 * z16, den = z16;
  num = (num + P0) * z16;
  den = (den + Q0) * z16;
  num = (num + P1) * z16;
  den = (den + Q1) * z16;
  num = (num + P2) * z16;
  den = (den + Q2) * z16;
  num = (num + P3) * z16;
  den = (den + Q3) * z16;
  const r = z16 * (num + P4) / (den + Q4);
  return (INV_SQRT_PI - r) / y;
}
function erfSmall(x) {
  const z16 = Math.abs(x) > XSMALL ? x * x : 0;
  let num = A4 * z16, den = z16;
  num = (num + A0) * z16;
  den = (den + B0) * z16;
  num = (num + A1) * z16;
  den = (den + B1) * z16;
  num = (num + A2) * z16;
  den = (den + B2) * z16;
  return x * (num + A3) / (den + B3);
}
function normPdf(x) {
  const ax = Math.abs(x);
  if (ax > 38.7) return 0;
  const c = 134217729 * ax;
  const hi = c - (c - ax);
  const lo = ax - hi;
  const p = ax * ax;
  const e = hi * hi - p + 2 * hi * lo + lo * lo;
  return INV_SQRT_2PI * Math.exp(-0.5 * p) * (1 - 0.5 * e);
}
function normLowerTailWithPdf(x, pdf) {
  const y = Math.abs(x) * SQRT1_2;
  if (y <= THRESH) return 0.5 - 0.5 * erfSmall(y);
  if (y > 27.3) return 0;
  return pdf * (SQRT_PI_OVER_2 * erfcxPositive(y));
}

// engine/domain/pricing/greeksFromSlots.ts
function greeksFromSlots(g) {
  return {
    price: g[0],
    delta: g[1],
    gamma: g[2],
    vega: g[3],
    theta: g[4],
    rho: g[5],
    divRho: g[6],
    vanna: g[7],
    volga: g[8],
    charm: g[9],
    speed: g[10]
  };
}

// engine/domain/pricing/types.ts
var GREEK_KEYS = ["price", "delta", "gamma", "vega", "theta", "rho", "divRho", "vanna", "volga", "charm", "speed"];
var GREEK_COUNT = GREEK_KEYS.length;

// engine/domain/pricing/bsm.ts
var S_MIN = 1e-100;
var PHI0 = 0.3989422804014327;
function bsmIntoUnchecked(out, isCall, spot, strike, tYears, sigma, rate, div, higherOrder = true) {
  const w = isCall ? 1 : -1;
  const df = rate === 0 ? 1 : Math.exp(-rate * tYears);
  const eq = div === 0 ? 1 : div === rate ? df : Math.exp(-div * tYears);
  const se = spot * eq;
  const kd = strike * df;
  const sqt = Math.sqrt(tYears);
  const s2 = sigma * sqt;
  const iStrike = 1 / strike;
  const ratio = spot * iStrike;
  let lnRatio = Math.log(ratio);
  if (ratio > 0.5 && ratio < 2) {
    if (strike < 1e300) {
      const ca = 134217729 * ratio, ah = ca - (ca - ratio), al = ratio - ah;
      const cb = 134217729 * strike, bh = cb - (cb - strike), bl = strike - bh;
      const pk = ratio * strike;
      const pkErr = ah * bh - pk + ah * bl + al * bh + al * bl;
      lnRatio += (spot - pk - pkErr) / spot;
    } else lnRatio = Math.log1p((spot - strike) * iStrike);
  }
  const x = lnRatio + (rate - div) * tYears;
  if (!(s2 >= S_MIN)) {
    limitInto(out, w, x, se, kd, eq, sqt, tYears, rate, div);
    return;
  }
  const is = 1 / s2;
  const iSpot = 1 / spot;
  const d1 = x * is + 0.5 * s2;
  const d22 = d1 - s2;
  const pd1 = normPdf(d1);
  const pd2 = pd1 > 1e-280 ? pd1 * ratio * (eq / df) : normPdf(d22);
  const t1 = normLowerTailWithPdf(d1, pd1);
  const t2 = normLowerTailWithPdf(d22, pd2);
  const c1 = +(w * d1 > 0), c2 = +(w * d22 > 0);
  const u1 = 1 - t1, u2 = 1 - t2;
  const n1 = c1 * u1 + (1 - c1) * t1;
  const m1 = c1 * t1 + (1 - c1) * u1;
  const n2 = c2 * u2 + (1 - c2) * t2;
  const m2 = c2 * t2 + (1 - c2) * u2;
  const cx = +(w * x > 0);
  const price = s2 < 0.05 && Math.abs(x) <= s2 ? nearMoneyPrice(w, x, s2, is, se, kd, d1, d22, t1, t2) : (1 - cx) * w * (se * n1 - kd * n2) + cx * (w * (se - kd) - w * (se * m1 - kd * m2));
  out[0] = price > 0 ? price : 0;
  out[1] = w * eq * n1;
  out[5] = w * tYears * kd * n2;
  const carry = w * (div * se * n1 - rate * kd * n2);
  const live = pd1 > 0;
  const gamma = live ? eq * pd1 * is * iSpot : 0;
  const vega = live ? se * pd1 * sqt : 0;
  out[2] = gamma;
  out[3] = vega;
  out[4] = live ? -0.5 * se * pd1 * sigma * sigma * is + carry : carry;
  if (!higherOrder) return;
  out[6] = -w * tYears * se * n1;
  const charmCarry = w * div * eq * n1;
  if (live) {
    out[7] = -eq * pd1 * d22 * sqt * is;
    out[8] = vega * d1 * d22 * sqt * is;
    out[9] = charmCarry - eq * pd1 * ((rate - div) * is - 0.5 * d22 * sigma * sigma * is * is);
    out[10] = -gamma * iSpot * (d1 * is + 1);
  } else {
    out[7] = 0;
    out[8] = 0;
    out[9] = charmCarry;
    out[10] = 0;
  }
}
var scratch = new Float64Array(GREEK_COUNT);
function normDiffNarrow(m, h) {
  const m2 = m * m;
  const h2 = h * h;
  const he2 = m2 - 1;
  const he4 = (m2 - 6) * m2 + 3;
  const he6 = ((m2 - 15) * m2 + 45) * m2 - 15;
  const he8 = (((m2 - 28) * m2 + 210) * m2 - 420) * m2 + 105;
  const series = 1 + h2 * (he2 / 6 + h2 * (he4 / 120 + h2 * (he6 / 5040 + h2 * (he8 / 362880))));
  return 2 * h * normPdf(m) * series;
}
function limitInto(out, w, x, se, kd, eq, sqt, tYears, rate, div) {
  const h = x > 0 ? 1 : x < 0 ? 0 : 0.5;
  const n = w > 0 ? h : 1 - h;
  out[0] = w * x > 0 ? Math.max(w * (se - kd), 0) : 0;
  out[1] = w * eq * n;
  out[2] = 0;
  out[3] = x === 0 ? se * PHI0 * sqt : 0;
  out[4] = w * (div * se - rate * kd) * n;
  out[5] = w * tYears * kd * n;
  out[6] = -w * tYears * se * n;
  out[7] = x === 0 ? eq * PHI0 * sqt * 0.5 : 0;
  out[8] = 0;
  out[9] = w * div * eq * n;
  out[10] = 0;
}
function nearMoneyPriceInto(buf) {
  buf[10] = nearMoneyPrice(
    buf[0],
    buf[1],
    buf[2],
    buf[3],
    buf[4],
    buf[5],
    buf[6],
    buf[7],
    buf[8],
    buf[9]
  );
}
function nearMoneyPrice(w, x, s2, is, se, kd, d1, d22, t1, t2) {
  const dn = normDiffNarrow(x * is, 0.5 * s2);
  const fwdMinusK = kd * Math.expm1(x);
  const otm = x <= 0 ? se * dn + fwdMinusK * (d22 <= 0 ? t2 : 1 - t2) : kd * dn - fwdMinusK * (d1 <= 0 ? 1 - t1 : t1);
  return w > 0 === x <= 0 ? otm : otm + w * fwdMinusK;
}

// engine/domain/settlement/nearestListedExpiry.ts
var DEFAULT_EXPIRY_HOUR_UTC = 8;
var FRIDAY = 5;
function lastFridayExpiryMs(year, monthIndex, hourUtc = DEFAULT_EXPIRY_HOUR_UTC) {
  checkHour(hourUtc);
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0));
  const back = (lastDay.getUTCDay() - FRIDAY + 7) % 7;
  return Date.UTC(year, monthIndex, lastDay.getUTCDate() - back, hourUtc);
}
function nearestListedExpiryMs(input) {
  const hourUtc = input.hourUtc ?? DEFAULT_EXPIRY_HOUR_UTC;
  checkHour(hourUtc);
  if (!Number.isFinite(input.nowMs)) throw new SettlementInputError("nowMs", `must be a UTC time in ms, got ${input.nowMs}`);
  if (!Number.isFinite(input.minDays) || input.minDays < 0) throw new SettlementInputError("minDays", `must be a number of days >= 0, got ${input.minDays}`);
  const targetMs = input.nowMs + input.minDays * MS_PER_DAY;
  const hourMs = hourUtc * 36e5;
  let day = Math.floor((targetMs - hourMs) / MS_PER_DAY);
  if (day * MS_PER_DAY + hourMs < targetMs) day++;
  switch (input.cycle) {
    case "daily":
      return day * MS_PER_DAY + hourMs;
    case "weekly": {
      const dow = new Date(day * MS_PER_DAY).getUTCDay();
      return (day + (FRIDAY - dow + 7) % 7) * MS_PER_DAY + hourMs;
    }
    case "monthly":
    case "quarterly": {
      const d = new Date(day * MS_PER_DAY);
      let y = d.getUTCFullYear(), m = d.getUTCMonth();
      for (; ; ) {
        if (input.cycle === "monthly" || m % 3 === 2) {
          const e = lastFridayExpiryMs(y, m, hourUtc);
          if (e >= targetMs) return e;
        }
        if (++m === 12) {
          m = 0;
          y++;
        }
      }
    }
    default:
      throw new SettlementInputError("cycle", `must be daily, weekly, monthly or quarterly, got ${JSON.stringify(input.cycle)}`);
  }
}
function checkHour(hourUtc) {
  if (!Number.isInteger(hourUtc) || hourUtc < 0 || hourUtc > 23) {
    throw new SettlementInputError("hourUtc", `must be a whole hour from 0 to 23, got ${hourUtc}`);
  }
}

// engine/runtime/modelChain.ts
init_base();

// engine/runtime/instrumentName.ts
var MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
function optionName(underlying, expiryMs, strike, kind) {
  const d = new Date(expiryMs);
  const yy = String(d.getUTCFullYear() % 100).padStart(2, "0");
  const k = Number.isInteger(strike) ? String(strike) : String(strike).replace(".", "d");
  return `${underlying}-${d.getUTCDate()}${MONTHS[d.getUTCMonth()]}${yy}-${k}-${kind === "call" ? "C" : "P"}`;
}
function makeOption(underlying, quote, expiryMs, strike, kind, inverse) {
  return { type: "option", id: optionName(underlying, expiryMs, strike, kind), underlying, quote, kind, strike, expiryMs, inverse };
}

// engine/runtime/modelChain.ts
var DEFAULT_LISTING = { daily: 3, weekly: 4, monthly: 3, quarterly: 4 };
var NoSuchOptionError = class extends OptvaultError {
  name = "NoSuchOptionError";
};
var ModelChain = class {
  constructor(clock, o) {
    this.clock = clock;
    this.o = o;
  }
  clock;
  o;
  cache = /* @__PURE__ */ new Map();
  g = new Float64Array(GREEK_COUNT);
  cachedNow = NaN;
  cachedExpiries = [];
  expiries() {
    const now = this.clock.now;
    if (now === this.cachedNow) return this.cachedExpiries;
    const listing = this.o.listing ?? DEFAULT_LISTING;
    const hourUtc = this.o.expiryHourUtc ?? 8;
    const set = /* @__PURE__ */ new Set();
    for (const cycle of ["daily", "weekly", "monthly", "quarterly"]) {
      let from = now;
      for (let k = 0; k < listing[cycle]; k++) {
        const e = nearestListedExpiryMs({ nowMs: from + 1, minDays: 0, cycle, hourUtc });
        set.add(e);
        from = e;
      }
    }
    this.cachedNow = now;
    this.cachedExpiries = [...set].filter((e) => e > now).sort((a, b) => a - b);
    return this.cachedExpiries;
  }
  nearestExpiry(o) {
    const target = this.clock.now + o.minDays * MS_PER_DAY;
    const e = this.expiries().find((x) => x >= target);
    if (e === void 0) {
      throw new NoSuchOptionError(`No listed expiry is ${o.minDays} days or more after now.`, { fix: "ask for fewer days; the model lists expiries up to about a year out." });
    }
    return e;
  }
  strikes(_expiryMs) {
    const s2 = this.clock.spot();
    const step = this.step(s2);
    const lo = Math.max(step, Math.ceil(s2 * (this.o.grid?.lowFraction ?? 0.5) / step) * step);
    const hi = Math.floor(s2 * (this.o.grid?.highFraction ?? 2) / step) * step;
    const out = [];
    for (let k = lo; k <= hi + 1e-9; k += step) out.push(Math.round(k * 1e8) / 1e8);
    return out;
  }
  nearestByDelta(o) {
    const target = o.kind === "call" ? Math.abs(o.delta) : -Math.abs(o.delta);
    const s2 = this.clock.spot();
    const t = this.tYears(o.expiryMs);
    let best = NaN;
    let bestGap = Infinity;
    for (const k of this.strikes(o.expiryMs)) {
      bsmIntoUnchecked(this.g, o.kind === "call", s2, k, t, this.o.vol.optionVol(k, s2, t), 0, 0);
      const gap = Math.abs(this.g[1] - target);
      if (gap < bestGap) {
        bestGap = gap;
        best = k;
      }
    }
    return this.instrument(o.expiryMs, best, o.kind);
  }
  nearestByStrike(o) {
    let best = NaN;
    let bestGap = Infinity;
    for (const k of this.strikes(o.expiryMs)) {
      const gap = Math.abs(k - o.strike);
      if (gap < bestGap) {
        bestGap = gap;
        best = k;
      }
    }
    return this.instrument(o.expiryMs, best, o.kind);
  }
  quote(id) {
    const ins = this.get(id);
    const s2 = this.clock.spot();
    const t = this.tYears(ins.expiryMs);
    const v = this.o.vol.optionVol(ins.strike, s2, t);
    const spread = this.o.vol.sellSpreadVol;
    const isCall = ins.kind === "call";
    bsmIntoUnchecked(this.g, isCall, s2, ins.strike, t, v, 0, 0);
    const mark = this.g[0];
    bsmIntoUnchecked(this.g, isCall, s2, ins.strike, t, Math.max(1e-4, v - spread), 0, 0);
    const bid = this.g[0];
    bsmIntoUnchecked(this.g, isCall, s2, ins.strike, t, v + spread, 0, 0);
    const ask = this.g[0];
    return { instrument: ins, bid, ask, mark, markIv: v, underlyingPrice: s2 };
  }
  /** The instrument behind an id this chain handed out. Throws for an id it never listed. */
  get(id) {
    const ins = this.cache.get(id);
    if (ins === void 0) {
      throw new NoSuchOptionError(`Option ${id} is not in the chain.`, { fix: "pick options through ctx.chain.nearestByDelta or nearestByStrike, then use their id." });
    }
    return ins;
  }
  instrument(expiryMs, strike, kind) {
    const ins = makeOption(this.o.underlying, this.o.quote, expiryMs, strike, kind, this.o.inverse);
    const hit = this.cache.get(ins.id);
    if (hit !== void 0) return hit;
    this.cache.set(ins.id, ins);
    return ins;
  }
  tYears(expiryMs) {
    return Math.max(0, expiryMs - this.clock.now) / MS_PER_YEAR;
  }
  step(spot) {
    if (this.o.grid?.step !== void 0) return this.o.grid.step;
    return 10 ** Math.floor(Math.log10(spot / 40));
  }
};

// engine/runtime/recordedChain.ts
init_base();
var ChainDataError = class extends OptvaultError {
  name = "ChainDataError";
};
var RecordedChain = class {
  constructor(clock, c, o) {
    this.clock = clock;
    this.c = c;
    this.o = o;
    let last = -Infinity;
    for (let r = 0; r < c.length; r++) {
      const t = c.tMs[r];
      if (t < last) throw new InputError(`${o.file ?? "data.chain"} row ${r + 1}`, "ts", `goes back in time (${new Date(t).toISOString()} after ${new Date(last).toISOString()})`, "sort the chain by snapshot time, or list the files in time order.");
      if (t !== last) {
        this.times.push(t);
        this.starts.push(r);
      }
      last = t;
    }
    this.starts.push(c.length);
    if (this.times.length === 0) throw new InputError(o.file ?? "data.chain", "data.chain", "holds no rows", "record a chain with `optvault data record-chain`.");
  }
  clock;
  c;
  o;
  times = [];
  starts = [];
  cache = /* @__PURE__ */ new Map();
  g = new Float64Array(GREEK_COUNT);
  cur = -1;
  curRows = /* @__PURE__ */ new Map();
  /** Time of the snapshot in use now. */
  snapshotMs() {
    this.sync();
    return this.times[this.cur];
  }
  expiries() {
    const [a, b] = this.rows();
    const now = this.clock.now;
    const set = /* @__PURE__ */ new Set();
    for (let r = a; r < b; r++) {
      const e = this.c.expiryMs[r];
      if (e > now) set.add(e);
    }
    return [...set].sort((x, y) => x - y);
  }
  nearestExpiry(o) {
    const target = this.clock.now + o.minDays * MS_PER_DAY;
    const e = this.expiries().find((x) => x >= target);
    if (e === void 0) throw new ChainDataError(`The chain snapshot of ${new Date(this.snapshotMs()).toISOString()} lists no expiry ${o.minDays} days or more ahead.`, { fix: "ask for fewer days, or record a chain with longer expiries." });
    return e;
  }
  strikes(expiryMs) {
    const [a, b] = this.rows();
    const set = /* @__PURE__ */ new Set();
    for (let r = a; r < b; r++) if (this.c.expiryMs[r] === expiryMs) set.add(this.c.strike[r]);
    return [...set].sort((x, y) => x - y);
  }
  nearestByDelta(o) {
    const target = o.kind === "call" ? Math.abs(o.delta) : -Math.abs(o.delta);
    return this.pick(o.kind, o.expiryMs, (r) => {
      const iv = this.c.markIv[r];
      if (!(iv > 0)) return Infinity;
      bsmIntoUnchecked(this.g, o.kind === "call", this.c.underlyingPrice[r], this.c.strike[r], this.tYears(o.expiryMs), iv, 0, 0);
      return Math.abs(this.g[1] - target);
    });
  }
  nearestByStrike(o) {
    return this.pick(o.kind, o.expiryMs, (r) => Math.abs(this.c.strike[r] - o.strike));
  }
  quote(id) {
    const ins = this.get(id);
    const r = this.rowOf(id);
    if (r < 0) throw new ChainDataError(`Option ${id} has no quote in the chain snapshot of ${new Date(this.snapshotMs()).toISOString()}.`, { fix: "record the chain more often, or close positions before their quotes stop." });
    const u = this.c.underlyingPrice[r];
    const k = this.o.coinQuoted ? u : 1;
    return { instrument: ins, bid: this.c.bid[r] * k, ask: this.c.ask[r] * k, mark: this.c.mark[r] * k, markIv: this.c.markIv[r], underlyingPrice: u };
  }
  get(id) {
    const ins = this.cache.get(id);
    if (ins === void 0) throw new ChainDataError(`Option ${id} is not in the chain.`, { fix: "pick options through ctx.chain.nearestByDelta or nearestByStrike, then use their id." });
    return ins;
  }
  /** Mark IV of the listed option at (strike, expiry) now; between listed strikes, linear in strike; NaN when the
   * snapshot has no such expiry. */
  markIv(strike, expiryMs) {
    const [a, b] = this.rows();
    let loK = -Infinity, loV = NaN, hiK = Infinity, hiV = NaN;
    for (let r = a; r < b; r++) {
      if (this.c.expiryMs[r] !== expiryMs) continue;
      const k = this.c.strike[r];
      const v = this.c.markIv[r];
      if (!(v > 0)) continue;
      if (k === strike) return v;
      if (k < strike && k > loK) {
        loK = k;
        loV = v;
      }
      if (k > strike && k < hiK) {
        hiK = k;
        hiV = v;
      }
    }
    if (Number.isFinite(loK) && Number.isFinite(hiK)) return loV + (hiV - loV) * (strike - loK) / (hiK - loK);
    return Number.isFinite(loK) ? loV : hiV;
  }
  /** Mark IV nearest the money at the nearest expiry: the chain's level, for reports and attribution. */
  atmIv() {
    const [a, b] = this.rows();
    const now = this.clock.now;
    let e = Infinity;
    for (let r = a; r < b; r++) {
      const x = this.c.expiryMs[r];
      if (x > now && x < e) e = x;
    }
    return Number.isFinite(e) ? this.markIv(this.clock.spot(), e) : NaN;
  }
  pick(kind, expiryMs, score) {
    const [a, b] = this.rows();
    let best = -1, bestScore = Infinity;
    for (let r = a; r < b; r++) {
      if (this.c.expiryMs[r] !== expiryMs || this.c.isCall[r] === 1 !== (kind === "call")) continue;
      const s2 = score(r);
      if (s2 < bestScore) {
        bestScore = s2;
        best = r;
      }
    }
    if (best < 0) throw new ChainDataError(`The chain snapshot of ${new Date(this.snapshotMs()).toISOString()} lists no ${kind} expiring ${new Date(expiryMs).toISOString()}.`, { fix: "pick an expiry from ctx.chain.expiries()." });
    return this.instrumentAt(best);
  }
  instrumentAt(r) {
    const id = this.c.instrument[r];
    let ins = this.cache.get(id);
    if (ins === void 0) {
      ins = { type: "option", id, underlying: this.o.underlying, quote: this.o.quote, kind: this.c.isCall[r] === 1 ? "call" : "put", strike: this.c.strike[r], expiryMs: this.c.expiryMs[r], inverse: this.o.coinQuoted };
      this.cache.set(id, ins);
    }
    return ins;
  }
  rowOf(id) {
    this.sync();
    return this.curRows.get(id) ?? -1;
  }
  range = [0, 0];
  rows() {
    this.sync();
    this.range[0] = this.starts[this.cur];
    this.range[1] = this.starts[this.cur + 1];
    return this.range;
  }
  /** Moves to the last snapshot at or before now: forward by steps, so a run costs O(snapshots) in all. */
  sync() {
    const now = this.clock.now;
    let j = this.cur;
    if (j >= 0 && this.times[j] > now) j = -1;
    while (j + 1 < this.times.length && this.times[j + 1] <= now) j++;
    if (j < 0) throw new ChainDataError(`No chain snapshot at or before ${new Date(now).toISOString()} (the first is ${new Date(this.times[0]).toISOString()}).`, { fix: "start the backtest after the first chain snapshot (data.from), or record the chain earlier." });
    if (j !== this.cur) {
      this.cur = j;
      this.curRows = /* @__PURE__ */ new Map();
      for (let r = this.starts[j]; r < this.starts[j + 1]; r++) this.curRows.set(this.c.instrument[r], r);
    }
  }
  tYears(expiryMs) {
    return Math.max(0, expiryMs - this.clock.now) / MS_PER_YEAR;
  }
};

// engine/runtime/portfolio.ts
var {
  A0: A02,
  A1: A12,
  A2: A22,
  A3: A32,
  A4: A42,
  B0: B02,
  B1: B12,
  B2: B22,
  B3: B32,
  C0: C02,
  C1: C12,
  C2: C22,
  C3: C32,
  C4: C42,
  C5: C52,
  C6: C62,
  C7: C72,
  C8: C82,
  D0: D02,
  D1: D12,
  D2: D22,
  D3: D32,
  D4: D42,
  D5: D52,
  D6: D62,
  D7: D72,
  INV_SQRT_2PI: INV_SQRT_2PI2,
  SQRT1_2: SQRT1_22,
  SQRT_PI_OVER_2: SQRT_PI_OVER_22,
  THRESH: THRESH2,
  XSMALL: XSMALL2
} = NORMAL_KERNEL_CONSTANTS;
var Portfolio = class {
  constructor(unit, initialBalance, perpId) {
    this.unit = unit;
    this.perpId = perpId;
    this.balance = initialBalance;
  }
  unit;
  perpId;
  // A number from the start: a field declared without one holds undefined first, and V8 then stores every later
  // double in a fresh heap box (the balance changes on every bar the perp moves).
  balance = 0;
  perpQty = 0;
  perpMark = NaN;
  totals = { optionCash: 0, settlement: 0, hedge: 0, funding: 0, fees: 0, gas: 0, turnoverQuote: 0 };
  n = 0;
  ins = [];
  qtyA = new Float64Array(8);
  strikeA = new Float64Array(8);
  expiryA = new Float64Array(8);
  isCallA = new Uint8Array(8);
  avgA = new Float64Array(8);
  /** Last mark per unit, quote currency, and Greeks per unit (quote sense). */
  valueA = new Float64Array(8);
  deltaA = new Float64Array(8);
  volA = new Float64Array(8);
  spot = NaN;
  nowMs = NaN;
  optionValueQuote = 0;
  d = 0;
  gm = 0;
  vg = 0;
  th = 0;
  g = new Float64Array(GREEK_COUNT);
  /** nearMoneyPriceInto's arguments and result. */
  nearMoney = new Float64Array(11);
  /** Converts a quote-currency amount to the accounting unit at `price`. */
  toUnit(amountQuote, price) {
    return this.unit === "asset" ? amountQuote / price : amountQuote;
  }
  /** Revalues everything at `spot` and `nowMs`: sweeps perp P&L into the balance, prices each option, and
   * refreshes the aggregate Greeks. Allocation-free. */
  mark(spot, nowMs, vol) {
    this.spot = spot;
    this.nowMs = nowMs;
    this.revalue(vol);
  }
  /** `mark` at bar `i`'s close price and close time (`bars.tMs[i] + barMs`): the backtest's per-bar call, which
   * passes no double (mark's spot and time arguments are boxed on every call V8 does not inline).
   * @example portfolio.markBar(bars, i, 60_000, vol) // same as portfolio.mark(bars.close[i], bars.tMs[i] + 60_000, vol) */
  markBar(bars, i, barMs, vol) {
    this.spot = bars.close[i];
    this.nowMs = bars.tMs[i] + barMs;
    this.revalue(vol);
  }
  /** The body of mark, at this.spot and this.nowMs (fields hold doubles unboxed). */
  revalue(vol) {
    const spot = this.spot, nowMs = this.nowMs;
    if (this.perpQty !== 0) {
      const pnl = this.toUnit(this.perpQty * (spot - this.perpMark), spot);
      this.balance += pnl;
      this.totals.hedge += pnl;
    }
    this.perpMark = spot;
    let value = 0, delta = this.perpQty + (this.unit === "asset" ? this.balance : 0), gamma = 0, vega = 0, theta = 0;
    const g = this.g;
    for (let k = 0; k < this.n; k++) {
      const q0 = this.qtyA[k];
      const strike = this.strikeA[k];
      const t = (this.expiryA[k] - nowMs) / MS_PER_YEAR;
      const tt = t > 0 ? t : 0;
      const sigma = vol.optionVol(strike, spot, tt, this.expiryA[k]);
      const u = spot, v = sigma, r = 0, q = 0;
      const w = this.isCallA[k] === 1 ? 1 : -1;
      const df = r === 0 ? 1 : Math.exp(-r * tt);
      const eq = q === 0 ? 1 : Math.exp(-q * tt);
      const se = u * eq;
      const kd = strike * df;
      const sqt = Math.sqrt(tt);
      const s2 = v * sqt;
      const iStrike = 1 / strike;
      const ratio = u * iStrike;
      let lnRatio = Math.log(ratio);
      if (ratio > 0.5 && ratio < 2) {
        if (strike < 1e300) {
          const ca = 134217729 * ratio, ah = ca - (ca - ratio), al = ratio - ah;
          const cb = 134217729 * strike, bh = cb - (cb - strike), bl = strike - bh;
          const pk = ratio * strike;
          const pkErr = ah * bh - pk + ah * bl + al * bh + al * bl;
          lnRatio += (u - pk - pkErr) / u;
        } else lnRatio = Math.log1p((u - strike) * iStrike);
      }
      const x = lnRatio + (r - q) * tt;
      const is = 1 / s2;
      const d1 = x * is + 0.5 * s2;
      const d22 = d1 - s2;
      const y1 = Math.abs(d1) * SQRT1_22;
      const y2 = Math.abs(d22) * SQRT1_22;
      let p0, p1, p2, p3, p4;
      if (s2 >= S_MIN && y1 <= 4 && y2 <= 4) {
        const iSpot = 1 / u;
        const ax = Math.abs(d1);
        const c = 134217729 * ax;
        const hi = c - (c - ax);
        const lo = ax - hi;
        const pp = ax * ax;
        const e = hi * hi - pp + 2 * hi * lo + lo * lo;
        const pd1 = INV_SQRT_2PI2 * Math.exp(-0.5 * pp) * (1 - 0.5 * e);
        const pd2 = pd1 * ratio * (eq / df);
        let t1, t2;
        if (y1 <= THRESH2) {
          const z16 = Math.abs(y1) > XSMALL2 ? y1 * y1 : 0;
          let num = A42 * z16, den = z16;
          num = (num + A02) * z16;
          den = (den + B02) * z16;
          num = (num + A12) * z16;
          den = (den + B12) * z16;
          num = (num + A22) * z16;
          den = (den + B22) * z16;
          t1 = 0.5 - 0.5 * (y1 * (num + A32) / (den + B32));
        } else {
          let num = C82 * y1, den = y1;
          num = (num + C02) * y1;
          den = (den + D02) * y1;
          num = (num + C12) * y1;
          den = (den + D12) * y1;
          num = (num + C22) * y1;
          den = (den + D22) * y1;
          num = (num + C32) * y1;
          den = (den + D32) * y1;
          num = (num + C42) * y1;
          den = (den + D42) * y1;
          num = (num + C52) * y1;
          den = (den + D52) * y1;
          num = (num + C62) * y1;
          den = (den + D62) * y1;
          t1 = pd1 * (SQRT_PI_OVER_22 * ((num + C72) / (den + D72)));
        }
        if (y2 <= THRESH2) {
          const z16 = Math.abs(y2) > XSMALL2 ? y2 * y2 : 0;
          let num = A42 * z16, den = z16;
          num = (num + A02) * z16;
          den = (den + B02) * z16;
          num = (num + A12) * z16;
          den = (den + B12) * z16;
          num = (num + A22) * z16;
          den = (den + B22) * z16;
          t2 = 0.5 - 0.5 * (y2 * (num + A32) / (den + B32));
        } else {
          let num = C82 * y2, den = y2;
          num = (num + C02) * y2;
          den = (den + D02) * y2;
          num = (num + C12) * y2;
          den = (den + D12) * y2;
          num = (num + C22) * y2;
          den = (den + D22) * y2;
          num = (num + C32) * y2;
          den = (den + D32) * y2;
          num = (num + C42) * y2;
          den = (den + D42) * y2;
          num = (num + C52) * y2;
          den = (den + D52) * y2;
          num = (num + C62) * y2;
          den = (den + D62) * y2;
          t2 = pd2 * (SQRT_PI_OVER_22 * ((num + C72) / (den + D72)));
        }
        const c1 = +(w * d1 > 0), c2 = +(w * d22 > 0);
        const u1 = 1 - t1, u2 = 1 - t2;
        const n1 = c1 * u1 + (1 - c1) * t1;
        const m1 = c1 * t1 + (1 - c1) * u1;
        const n2 = c2 * u2 + (1 - c2) * t2;
        const m2 = c2 * t2 + (1 - c2) * u2;
        const cx = +(w * x > 0);
        let pr;
        if (s2 < 0.05 && Math.abs(x) <= s2) {
          const b = this.nearMoney;
          b[0] = w;
          b[1] = x;
          b[2] = s2;
          b[3] = is;
          b[4] = se;
          b[5] = kd;
          b[6] = d1;
          b[7] = d22;
          b[8] = t1;
          b[9] = t2;
          nearMoneyPriceInto(b);
          pr = b[10];
        } else pr = (1 - cx) * w * (se * n1 - kd * n2) + cx * (w * (se - kd) - w * (se * m1 - kd * m2));
        p0 = pr > 0 ? pr : 0;
        p1 = w * eq * n1;
        const carry = w * (q * se * n1 - r * kd * n2);
        p2 = eq * pd1 * is * iSpot;
        p3 = se * pd1 * sqt;
        p4 = -0.5 * se * pd1 * v * v * is + carry;
      } else {
        bsmIntoUnchecked(g, w === 1, spot, strike, tt, sigma, 0, 0, false);
        p0 = g[0];
        p1 = g[1];
        p2 = g[2];
        p3 = g[3];
        p4 = g[4];
      }
      this.valueA[k] = p0;
      this.deltaA[k] = p1;
      this.volA[k] = sigma;
      value += q0 * p0;
      delta += q0 * p1;
      gamma += q0 * p2;
      vega += q0 * p3;
      theta += q0 * p4;
    }
    this.optionValueQuote = value;
    this.d = delta;
    this.gm = gamma;
    this.vg = vega;
    this.th = theta;
  }
  /** NAV in the accounting unit at the last mark. */
  nav() {
    return this.balance + this.toUnit(this.optionValueQuote, this.spot);
  }
  /** NAV in the quote currency at the last mark. */
  navQuote() {
    return this.unit === "asset" ? this.nav() * this.spot : this.nav();
  }
  /** Books an option fill: `qty` signed (+ buy), `price` quote currency per unit, `fee` in the accounting unit. */
  fillOption(ins, qty, price, fee, spotAtFill) {
    const cash = this.toUnit(-qty * price, spotAtFill);
    this.balance += cash - fee;
    this.totals.optionCash += cash;
    this.totals.fees += fee;
    this.totals.turnoverQuote += Math.abs(qty) * spotAtFill;
    let k = this.indexOf(ins.id);
    if (k < 0) {
      this.grow();
      k = this.n++;
      this.ins[k] = ins;
      this.qtyA[k] = 0;
      this.avgA[k] = 0;
      this.strikeA[k] = ins.strike;
      this.expiryA[k] = ins.expiryMs;
      this.isCallA[k] = ins.kind === "call" ? 1 : 0;
      this.valueA[k] = price;
    }
    const q0 = this.qtyA[k];
    const q1 = q0 + qty;
    if (q0 === 0 || Math.sign(q0) === Math.sign(qty)) this.avgA[k] = (this.avgA[k] * Math.abs(q0) + price * Math.abs(qty)) / Math.abs(q1);
    else if (Math.sign(q1) !== Math.sign(q0) && q1 !== 0) this.avgA[k] = price;
    this.qtyA[k] = q1;
    if (Math.abs(q1) < 1e-12) this.remove(k);
    this.optionValueQuote = this.sumValue();
  }
  /** Books a perp (or spot hedge) fill: `qty` signed, `price` quote per unit, `fee` in the accounting unit. The
   * new lot is marked to the current sweep price at once, so the balance always holds all realised hedge P&L. */
  fillPerp(qty, price, fee) {
    if (!Number.isFinite(this.perpMark)) this.perpMark = price;
    const pnl = this.toUnit(qty * (this.perpMark - price), price);
    this.balance += pnl - fee;
    this.totals.hedge += pnl;
    this.totals.fees += fee;
    this.totals.turnoverQuote += Math.abs(qty) * price;
    this.perpQty += qty;
    if (Math.abs(this.perpQty) < 1e-12) this.perpQty = 0;
  }
  /** Pays a cost outside trading (gas) in the accounting unit. */
  payGas(amount) {
    this.balance -= amount;
    this.totals.gas += amount;
    this.totals.fees += amount;
  }
  /** Funding on the perp at `rate` per interval (fraction): longs pay shorts when the rate is positive. */
  payFunding(rate, price) {
    const amount = this.toUnit(-this.perpQty * price * rate, price);
    this.balance += amount;
    this.totals.funding += amount;
    this.totals.hedge += amount;
    return amount;
  }
  /** Settles every option expiring at or before `nowMs` at `settlementPrice` (cash, in the accounting unit:
   * an inverse option pays payoff / S in coin, a linear one the payoff in quote). Returns one notice per position. */
  settleExpired(nowMs, settlementPrice2) {
    const out = [];
    for (let k = this.n - 1; k >= 0; k--) {
      if (this.expiryA[k] > nowMs) continue;
      const ins = this.ins[k];
      const q = this.qtyA[k];
      const payoffQuote = q * Math.max(ins.kind === "call" ? settlementPrice2 - ins.strike : ins.strike - settlementPrice2, 0);
      const paid = this.toUnit(payoffQuote, settlementPrice2);
      this.balance += paid;
      this.totals.settlement += paid;
      out.push({ instrument: ins, settlementPrice: settlementPrice2, qty: q, payoffQuote });
      this.remove(k);
    }
    this.optionValueQuote = this.sumValue();
    return out.reverse();
  }
  /** Earliest expiry in the book, Infinity when it holds no option. */
  nextExpiryMs() {
    let e = Infinity;
    for (let k = 0; k < this.n; k++) if (this.expiryA[k] < e) e = this.expiryA[k];
    return e;
  }
  /** Sum of short option contracts (absolute), units of the underlying. */
  shortContracts(kind) {
    let s2 = 0;
    for (let k = 0; k < this.n; k++) {
      const q = this.qtyA[k];
      if (q < 0 && (kind === void 0 || this.isCallA[k] === 1 === (kind === "call"))) s2 -= q;
    }
    return s2;
  }
  positions() {
    const out = [];
    for (let k = 0; k < this.n; k++) out.push({ instrument: this.ins[k].id, qty: this.qtyA[k], avgPrice: this.avgA[k] });
    if (this.perpQty !== 0) out.push({ instrument: this.perpId, qty: this.perpQty, avgPrice: this.perpMark });
    return out;
  }
  qty(id) {
    if (id === this.perpId) return this.perpQty;
    const k = this.indexOf(id);
    return k < 0 ? 0 : this.qtyA[k];
  }
  delta() {
    return this.d;
  }
  gamma() {
    return this.gm;
  }
  vega() {
    return this.vg;
  }
  theta() {
    return this.th;
  }
  /** Re-derives the delta after a fill between marks (positions changed, prices did not). */
  refreshDelta() {
    let delta = this.perpQty + (this.unit === "asset" ? this.balance : 0);
    for (let k = 0; k < this.n; k++) delta += this.qtyA[k] * this.deltaA[k];
    this.d = delta;
  }
  indexOf(id) {
    for (let k = 0; k < this.n; k++) if (this.ins[k].id === id) return k;
    return -1;
  }
  sumValue() {
    let v = 0;
    for (let k = 0; k < this.n; k++) v += this.qtyA[k] * this.valueA[k];
    return v;
  }
  remove(k) {
    const last = this.n - 1;
    if (k !== last) {
      this.ins[k] = this.ins[last];
      for (const a of [this.qtyA, this.strikeA, this.expiryA, this.avgA, this.valueA, this.deltaA, this.volA]) a[k] = a[last];
      this.isCallA[k] = this.isCallA[last];
    }
    this.ins.length = last;
    this.n = last;
  }
  grow() {
    if (this.n < this.qtyA.length) return;
    const g = (a) => {
      const b = new a.constructor(a.length * 2);
      b.set(a);
      return b;
    };
    this.qtyA = g(this.qtyA);
    this.strikeA = g(this.strikeA);
    this.expiryA = g(this.expiryA);
    this.isCallA = g(this.isCallA);
    this.avgA = g(this.avgA);
    this.valueA = g(this.valueA);
    this.deltaA = g(this.deltaA);
    this.volA = g(this.volA);
  }
};

// engine/runtime/simClock.ts
var SimClock = class {
  now = NaN;
  px = NaN;
  set(now, px) {
    this.now = now;
    this.px = px;
  }
  spot() {
    return this.px;
  }
};

// engine/domain/pricing/black76.ts
function black76IntoUnchecked(out, isCall, forward, strike, tYears, sigma, rate, higherOrder = true) {
  bsmIntoUnchecked(out, isCall, forward, strike, tYears, sigma, rate, rate, higherOrder);
  out[5] = -tYears * out[0];
  if (higherOrder) out[6] = 0;
}
var scratch2 = new Float64Array(GREEK_COUNT);

// engine/domain/pricing/inverse.ts
function inverseIntoUnchecked(out, isCall, spot, strike, tYears, sigma, rate, div, higherOrder = true) {
  bsmIntoUnchecked(out, isCall, spot, strike, tYears, sigma, rate, div, higherOrder);
  const iSpot = 1 / spot;
  const c = out[0] * iSpot;
  const delta = (out[1] - c) * iSpot;
  const gamma = out[2];
  const vega = out[3] * iSpot;
  const theta = out[4] * iSpot;
  out[0] = c;
  out[1] = delta;
  out[2] = (gamma - 2 * delta) * iSpot;
  out[3] = vega;
  out[4] = theta;
  out[5] = out[5] * iSpot;
  if (!higherOrder) return;
  out[6] = out[6] * iSpot;
  out[7] = (out[7] - vega) * iSpot;
  out[8] = out[8] * iSpot;
  out[9] = (out[9] - theta) * iSpot;
  out[10] = (out[10] - 3 * gamma * iSpot + 6 * delta * iSpot) * iSpot;
}
var scratch3 = new Float64Array(GREEK_COUNT);

// engine/domain/pricing/optionGreeks.ts
function intoUnchecked(out, model, isCall, underlying, strike, tYears, sigma, rate, div, where) {
  if (model === "bsm") bsmIntoUnchecked(out, isCall, underlying, strike, tYears, sigma, rate, div);
  else if (model === "black76") black76IntoUnchecked(out, isCall, underlying, strike, tYears, sigma, rate);
  else if (model === "inverse") inverseIntoUnchecked(out, isCall, underlying, strike, tYears, sigma, rate, div);
  else throw new PricingInputError("model", model, where);
}
var scratch4 = new Float64Array(GREEK_COUNT);
function evaluate(input, where) {
  const { model, kind, underlying, strike, tYears, sigma, rate } = input;
  const div = input.div ?? 0;
  if (kind !== "call" && kind !== "put") throw new PricingInputError("kind", kind, where);
  if (model !== "bsm" && model !== "black76" && model !== "inverse") throw new PricingInputError("model", model, where);
  checkPricingInput(underlying, strike, tYears, sigma, rate, model === "black76" ? 0 : div, where);
  intoUnchecked(scratch4, model, kind === "call", underlying, strike, tYears, sigma, rate, div, where);
}
function optionGreeks(input) {
  evaluate(input, "optionGreeks");
  return greeksFromSlots(scratch4);
}

// engine/runtime/orderQueue.ts
init_base();
var OrderRefusedError = class extends OptvaultError {
  name = "OrderRefusedError";
};
var OrderQueue = class {
  constructor(clock, limits = {}) {
    this.clock = clock;
    this.limits = limits;
  }
  clock;
  limits;
  intents = [];
  followUps = [];
  hook = "";
  seq = 0;
  /** Intents refused by a limit, with the reason; the loop logs them. */
  refused = [];
  day = NaN;
  dayQty = 0;
  /** Why `intent` may not go out, or undefined. */
  refusal(intent) {
    const l = this.limits;
    if (l.maxQtyPerOrder !== void 0 && intent.qty > l.maxQtyPerOrder) return `qty ${intent.qty} is over risk.maxNotionalPerOrder ${l.maxQtyPerOrder}`;
    if (l.maxQtyPerDay !== void 0) {
      const day = Math.floor((l.nowMs?.() ?? 0) / 864e5);
      if (day !== this.day) {
        this.day = day;
        this.dayQty = 0;
      }
      if (this.dayQty + intent.qty > l.maxQtyPerDay) return `qty ${intent.qty} would take today's total to ${this.dayQty + intent.qty}, over risk.maxNotionalPerDay ${l.maxQtyPerDay}`;
    }
    if (intent.purpose !== "hedge" && l.blockNewRisk !== void 0) {
      const why = l.blockNewRisk();
      if (why !== void 0) return why;
    }
    return void 0;
  }
  /** Called by the runtime before each hook: ids restart from 0 within the hook. */
  enterHook(hook) {
    this.hook = hook;
    this.seq = 0;
  }
  get size() {
    return this.intents.length + this.followUps.length;
  }
  /** Queued (not yet sent) intents, oldest first. */
  pending() {
    return this.intents;
  }
  place(instrument, side, qty, purpose, reason, limitPrice) {
    if (!(qty > 0) || !Number.isFinite(qty)) {
      throw new OrderRefusedError(`Order quantity must be a positive number of units, got ${qty} (${side} ${instrument}).`, {
        fix: "use buy() for positive exposure and sell() for negative; the quantity is always > 0."
      });
    }
    const clientId = orderClientId({ runId: this.clock.runId, epoch: this.clock.epoch(), barIndex: this.clock.barIndex(), hook: this.hook, seq: this.seq++ });
    const intent = limitPrice === void 0 ? { clientId, instrument, side, qty, purpose, reason } : { clientId, instrument, side, qty, purpose, reason, limitPrice };
    this.intents.push(intent);
    return clientId;
  }
  amend(clientId, change) {
    const k = this.intents.findIndex((i) => i.clientId === clientId);
    if (k >= 0) {
      const i = this.intents[k];
      this.intents[k] = { ...i, ...change.qty === void 0 ? {} : { qty: change.qty }, ...change.limitPrice === void 0 ? {} : { limitPrice: change.limitPrice } };
    } else {
      this.followUps.push({ kind: "amend", clientId, change });
    }
  }
  cancel(clientId) {
    const k = this.intents.findIndex((i) => i.clientId === clientId);
    if (k >= 0) this.intents.splice(k, 1);
    else this.followUps.push({ kind: "cancel", clientId });
  }
  /** Sends everything queued, in order: new orders, then amends and cancels. Returns the acks of new orders. */
  async flush(port) {
    const { intents, followUps } = this.takeAll();
    const acks = [];
    for (const intent of intents) if (this.admit(intent)) acks.push(await port.submit(intent));
    for (const f of followUps) {
      if (f.kind === "amend") await port.amend(f.clientId, f.change);
      else await port.cancel(f.clientId);
    }
    return acks;
  }
  /** `flush` to a venue that answers at once: the same sends in the same order, with no await between them. */
  flushNow(port) {
    const { intents, followUps } = this.takeAll();
    const acks = [];
    for (const intent of intents) if (this.admit(intent)) acks.push(port.submitNow(intent));
    for (const f of followUps) {
      if (f.kind === "amend") port.amendNow(f.clientId, f.change);
      else port.cancelNow(f.clientId);
    }
    return acks;
  }
  takeAll() {
    const taken = { intents: this.intents, followUps: this.followUps };
    this.intents = [];
    this.followUps = [];
    return taken;
  }
  /** Whether `intent` may go out now; a refused one is kept in `refused` with its reason. Counts it into the day. */
  admit(intent) {
    const why = this.refusal(intent);
    if (why !== void 0) {
      this.refused.push({ intent, reason: why });
      return false;
    }
    if (this.limits.maxQtyPerDay !== void 0) this.dayQty += intent.qty;
    return true;
  }
};

// engine/runtime/strategyRuntime.ts
var StrategyRuntime = class {
  constructor(p) {
    this.p = p;
    this.onBarFn = p.strategy.onBar;
    this.params = p.params;
    const self = this;
    this.queue = new OrderQueue({ runId: p.runId, epoch: () => self.epoch.index, barIndex: () => p.cursor.index }, p.limits ?? {});
    this.ctx = new RuntimeContext(this, p);
  }
  p;
  ctx;
  queue;
  logs = [];
  epoch = { index: 0, startMs: 0, endMs: 0 };
  /** onBar, looked up once: it is called on every bar. */
  onBarFn;
  params;
  get strategyName() {
    return this.p.strategy.name;
  }
  /** Calls a plain hook. Returns a promise only when the hook returned one, so a synchronous strategy costs the
   * loop no `await`. Anything thrown comes back as a StrategyError. */
  call(hook) {
    if (hook === "onBar") return this.callOnBar();
    const fn = this.p.strategy[hook];
    if (fn === void 0) return;
    this.queue.enterHook(hook);
    let r;
    try {
      r = fn(this.ctx, this.p.params);
    } catch (e) {
      throw this.wrap(hook, e);
    }
    return r === void 0 ? r : this.settle(hook, r);
  }
  /** `call('onBar')` with a call site of its own: it only ever calls this strategy's onBar, so V8 can inline the
   * hook into the loop (a site shared with the other hooks sees several functions and inlines none). */
  callOnBar() {
    const fn = this.onBarFn;
    if (fn === void 0) return;
    this.queue.enterHook("onBar");
    let r;
    try {
      r = fn(this.ctx, this.params);
    } catch (e) {
      throw this.wrap("onBar", e);
    }
    return r === void 0 ? r : this.settle("onBar", r);
  }
  onFill(fill) {
    const fn = this.p.strategy.onFill;
    if (fn === void 0) return;
    this.queue.enterHook("onFill");
    let r;
    try {
      r = fn(this.ctx, this.p.params, fill);
    } catch (e) {
      throw this.wrap("onFill", e);
    }
    return r === void 0 ? r : this.settle("onFill", r);
  }
  /** onFill for each fill in turn. Returns a promise only when a hook returned one; the later fills' hooks then
   * run after it settles, in order. */
  onFills(fills) {
    for (let k = 0; k < fills.length; k++) {
      const r = this.onFill(fills[k]);
      if (r !== void 0) return this.onFillsAfter(r, fills, k + 1);
    }
  }
  async onFillsAfter(pending, fills, from) {
    await pending;
    for (let k = from; k < fills.length; k++) {
      const r = this.onFill(fills[k]);
      if (r !== void 0) await r;
    }
  }
  onExpiry(notice) {
    const fn = this.p.strategy.onExpiry;
    if (fn === void 0) return;
    this.queue.enterHook("onExpiry");
    let r;
    try {
      r = fn(this.ctx, this.p.params, notice);
    } catch (e) {
      throw this.wrap("onExpiry", e);
    }
    return r === void 0 ? r : this.settle("onExpiry", r);
  }
  /** Queues the hedge trade that brings net delta to `target` per unit of NAV in the vault asset. Counts hedge
   * orders already queued; returns undefined when the trade would be under a millionth of NAV. */
  hedgeDeltaTo(target, reason, hook) {
    if (hook !== void 0) this.queue.enterHook(hook);
    const portfolio = this.p.portfolio;
    const spot = this.p.cursor.spot();
    const navAsset = portfolio.unit === "asset" ? portfolio.nav() : portfolio.nav() / spot;
    let delta = portfolio.delta();
    for (const i of this.queue.pending()) if (i.instrument === this.p.hedgeInstrument) delta += i.side === "buy" ? i.qty : -i.qty;
    const trade = target * navAsset - delta;
    if (!(Math.abs(trade) > 1e-6 * Math.abs(navAsset))) return void 0;
    return this.queue.place(this.p.hedgeInstrument, trade > 0 ? "buy" : "sell", Math.abs(trade), "hedge", reason);
  }
  /** Sends the queued intents to the venue. */
  flush(port) {
    return this.queue.flush(port);
  }
  /** `flush` to a venue that answers at once (the backtest's). */
  flushNow(port) {
    return this.queue.flushNow(port);
  }
  purposeOf(id) {
    return id === this.p.hedgeInstrument ? "hedge" : "option";
  }
  tYears(ins) {
    return Math.max(0, ins.expiryMs - this.p.cursor.now) / MS_PER_YEAR;
  }
  /** ctx.buy and ctx.sell. */
  place(instrument, side, qty, o) {
    return this.queue.place(instrument, side, qty, this.purposeOf(instrument), o?.reason ?? "", o?.limitPrice);
  }
  /** ctx.pricing.iv. */
  ivOf(id) {
    const ins = this.p.chain.get(id);
    return this.p.vol.optionVol(ins.strike, this.p.cursor.spot(), this.tYears(ins), ins.expiryMs);
  }
  /** ctx.pricing.greeks. */
  greeksOf(id) {
    const ins = this.p.chain.get(id);
    const s2 = this.p.cursor.spot();
    const t = this.tYears(ins);
    return optionGreeks({ model: "bsm", kind: ins.kind, underlying: s2, strike: ins.strike, tYears: t, sigma: this.p.vol.optionVol(ins.strike, s2, t, ins.expiryMs), rate: 0 });
  }
  wrap(hook, e) {
    const c = this.p.cursor;
    const when = c.index >= 0 ? `bar ${c.index} (${new Date(c.now).toISOString()}), ` : "";
    return new StrategyError(this.p.strategy.name, hook, e, `${when}epoch ${this.epoch.index}`);
  }
  settle(hook, r) {
    if (typeof r.then !== "function") return;
    return r.catch((e) => {
      throw this.wrap(hook, e);
    });
  }
};
var RuntimeContext = class {
  constructor(rt, p) {
    this.rt = rt;
    this.p = p;
    this.mode = p.mode;
    this.market = p.cursor;
    this.chain = p.chain;
    this.portfolio = p.portfolio;
    this.hedge = p.hedge;
    this.vault = new RuntimeVault(rt, p);
    this.pricing = { greeks: (id) => rt.greeksOf(id), iv: (id) => rt.ivOf(id) };
    this.risk = { health: () => p.health() };
  }
  rt;
  p;
  mode;
  market;
  chain;
  vault;
  portfolio;
  pricing;
  risk;
  hedge;
  state = /* @__PURE__ */ new Map();
  get now() {
    return this.market.now;
  }
  buy(instrument, qty, o) {
    return this.rt.place(instrument, "buy", qty, o);
  }
  sell(instrument, qty, o) {
    return this.rt.place(instrument, "sell", qty, o);
  }
  amend(clientId, change) {
    this.rt.queue.amend(clientId, change);
  }
  cancel(clientId) {
    this.rt.queue.cancel(clientId);
  }
  hedgeDeltaTo(target, o) {
    return this.rt.hedgeDeltaTo(target, o?.reason ?? `hedge delta to ${target}`);
  }
  log(message, fields) {
    const line = fields === void 0 ? { tMs: this.market.now, message } : { tMs: this.market.now, message, fields };
    if (this.p.log) this.p.log(line);
    else {
      const logs = this.rt.logs;
      if (logs.length >= 1e4) logs.shift();
      logs.push(line);
    }
  }
};
var RuntimeVault = class {
  constructor(rt, p) {
    this.rt = rt;
    this.p = p;
    this.asset = p.asset;
  }
  rt;
  p;
  asset;
  get epoch() {
    return this.rt.epoch;
  }
  navQuote() {
    return this.p.portfolio.navQuote();
  }
  navAsset() {
    const pf = this.p.portfolio;
    return pf.unit === "asset" ? pf.nav() : pf.nav() / this.p.cursor.spot();
  }
  freeCollateral() {
    const pf = this.p.portfolio;
    let queuedShort = 0;
    for (const i of this.rt.queue.pending()) if (i.purpose === "option" && i.side === "sell") queuedShort += i.qty;
    const covered = pf.unit === "asset" ? pf.shortContracts("call") : pf.shortContracts("put");
    return Math.max(0, this.navAsset() - covered - queuedShort);
  }
  pricePerShare() {
    const s2 = this.p.shares();
    return s2 > 0 ? this.p.portfolio.nav() / s2 : NaN;
  }
};

// engine/runtime/volSource.ts
var MIN_MODEL_VOL = 0.01;
var VolSource = class {
  constructor(cfg, bars, barMs, index) {
    this.cfg = cfg;
    this.bars = bars;
    this.barMs = barMs;
    this.index = index;
    this.barsPerYear = MS_PER_YEAR / barMs;
    this.skew = cfg.source === "index" ? cfg.skewSlope : 0;
    this.termSlope = cfg.source === "index" ? cfg.termSlopePerYear : 0;
    this.tenorYears = cfg.source === "index" ? cfg.indexTenorDays / 365 : 0;
    this.sellSpreadVol = cfg.sellSpreadVol;
    this.ring = new Float64Array(cfg.source === "realized" ? Math.max(2, Math.round(cfg.windowDays * MS_PER_DAY / barMs)) : 1);
    if (cfg.source === "index" && (index === void 0 || index.length === 0)) {
      throw new InputError("data.vol", "data.vol", "is needed by iv.source: index and holds no points", "add a vol index file (e.g. DVOL) or use iv.source: realized or constant.");
    }
    if (cfg.source === "constant") this.baseVol = cfg.value;
    this.fixed = cfg.source === "constant" || cfg.source === "chain";
  }
  cfg;
  bars;
  barMs;
  index;
  baseVol = NaN;
  j = -1;
  ring;
  ringN = 0;
  ringAt = 0;
  sumSq = 0;
  hlSq = 0;
  // MIN_MODEL_VOL as a field: returned from the module constant, optionVol's result stayed a tagged value and the
  // vol was boxed once per option per bar (measured: one heap number per Portfolio.markBar)
  minVol = MIN_MODEL_VOL;
  barsPerYear;
  skew;
  termSlope;
  tenorYears;
  /** Vol points taken off when selling and added when buying (the model chain's bid/ask), a fraction. */
  sellSpreadVol;
  /** Nothing to step per bar (constant, or a chain that looks itself up). */
  fixed;
  /** Moves to bar `i` (after its close). Call once per bar, in order. */
  advance(i) {
    const cfg = this.cfg;
    if (this.fixed) return;
    if (cfg.source === "index") {
      const idx = this.index;
      const now = this.bars.tMs[i] + this.barMs;
      while (this.j + 1 < idx.length && idx.tMs[this.j + 1] <= now) this.j++;
      if (this.j < 0) {
        throw new InputError(
          "data.vol",
          "data.vol",
          `starts at ${new Date(idx.tMs[0]).toISOString()}, after the first bar closes (${new Date(now).toISOString()})`,
          "give a vol file that covers the whole backtest window, or start data.from later."
        );
      }
      this.baseVol = idx.vol[this.j];
    } else if (cfg.source === "realized") {
      const b = this.bars;
      const hl = Math.log(b.high[i] / b.low[i]);
      this.hlSq += hl * hl;
      if (i > 0) {
        const r = Math.log(b.close[i] / b.close[i - 1]);
        const r2 = r * r;
        if (this.ringN === this.ring.length) this.sumSq -= this.ring[this.ringAt];
        else this.ringN++;
        this.ring[this.ringAt] = r2;
        this.sumSq += r2;
        this.ringAt = (this.ringAt + 1) % this.ring.length;
      }
      const perBar = this.ringN >= 2 ? Math.max(0, this.sumSq) / this.ringN : this.hlSq / (i + 1) / (4 * Math.LN2);
      this.baseVol = Math.sqrt(perBar * this.barsPerYear) * cfg.multiplier;
    }
  }
  /** The base vol now: ATM at the index tenor, or the chain's nearest-expiry ATM mark IV. */
  base() {
    return this.chain !== void 0 ? this.chain.atmIv() : this.baseVol;
  }
  /** For iv.source chain: where mark IVs come from (the recorded chain's as-of snapshot). */
  useChain(chain) {
    this.chain = chain;
  }
  chain;
  /** Model vol of one option: base plus term and skew adjustments, never below MIN_MODEL_VOL. With iv.source chain,
   * the recorded mark IV at (strike, expiryMs), interpolated in strike.
   * @example v.optionVol(45_000, 42_000, 7 / 365) // base + skewSlope * ln(45/42) + termSlope * (7/365 - 30/365) */
  optionVol(strike, forward, tYears, expiryMs = NaN) {
    if (this.chain !== void 0) {
      const iv = this.chain.markIv(strike, expiryMs);
      return iv > this.minVol ? iv : this.minVol;
    }
    let v = this.baseVol;
    if (this.skew !== 0) v += this.skew * Math.log(strike / forward);
    if (this.termSlope !== 0) v += this.termSlope * (tYears - this.tenorYears);
    return v > this.minVol ? v : this.minVol;
  }
  /** Time of the index point in use, for reports; NaN when none. */
  indexTimeMs() {
    return this.j >= 0 && this.index ? this.index.tMs[this.j] : NaN;
  }
};

// backtest/simVenue/simVenue.ts
init_base();
var NO_FILLS = Object.freeze([]);
var SimVenueError = class extends OptvaultError {
  name = "SimVenueError";
};
var SimVenue = class {
  constructor(o) {
    this.o = o;
  }
  o;
  /** Filled and cancelled orders by client id: their final ack alone, so a run of many trades does not keep every
   * order, intent and fill (a 416k-trade run was 15-29% faster without them), while an id sent again still gets
   * its answer and places nothing. */
  closed = /* @__PURE__ */ new Map();
  /** Open orders, oldest first. A handful at a time, so found by id by scanning: a Map of them grew and shrank, and
   * re-allocated its table, on nearly every order. */
  open = [];
  bar = -1;
  held = /* @__PURE__ */ new Map();
  /** The bar decisions are being made on now; orders submitted from here fill on a later bar. */
  setDecisionBar(i) {
    this.bar = i;
  }
  async submit(order) {
    return this.submitNow(order);
  }
  async amend(clientId, change) {
    return this.amendNow(clientId, change);
  }
  async cancel(clientId) {
    this.cancelNow(clientId);
  }
  submitNow(order) {
    const seen = this.find(order.clientId)?.ack ?? this.closed.get(order.clientId);
    if (seen !== void 0) return seen;
    const ack = { clientId: order.clientId, status: "open", filledQty: 0, fills: [] };
    this.open.push({ intent: order, decidedBar: this.bar, ack });
    return ack;
  }
  amendNow(clientId, change) {
    const o = this.find(clientId);
    if (o === void 0) {
      const done = this.closed.get(clientId);
      if (done !== void 0) return done;
      throw new SimVenueError(`No order ${clientId} to amend.`, { fix: "amend the id buy() or sell() returned." });
    }
    o.intent = { ...o.intent, ...change.qty === void 0 ? {} : { qty: change.qty }, ...change.limitPrice === void 0 ? {} : { limitPrice: change.limitPrice } };
    return o.ack;
  }
  cancelNow(clientId) {
    const o = this.find(clientId);
    if (o === void 0) return;
    this.closed.set(clientId, { ...o.ack, status: "cancelled" });
    this.open = this.open.filter((x) => x !== o);
  }
  find(clientId) {
    for (const o of this.open) if (o.intent.clientId === clientId) return o;
    return void 0;
  }
  async openOrders() {
    return this.open.map((o) => o.ack);
  }
  async positions() {
    return [...this.held].filter(([, p]) => p.qty !== 0).map(([instrument, p]) => ({ instrument, qty: p.qty, avgPrice: p.avg }));
  }
  /** Number of orders waiting for a fill. */
  get openCount() {
    return this.open.length;
  }
  /** Whether hedges swap through a Uniswap pool: then call fillDueAsync (the SDK's swap math is async). */
  get swapsOnPool() {
    return this.o.hedgeOnChain && this.o.execution.uniswap !== void 0;
  }
  /** fillDue, with each due hedge order first priced by a swap through the Uniswap pool when `swapsOnPool`. */
  async fillDueAsync(m) {
    const u = this.o.execution.uniswap;
    if (!this.swapsOnPool || u === void 0) return this.fillDue(m);
    const { uniswapHedgeFill: uniswapHedgeFill2, uniswapPoolAt: uniswapPoolAt2 } = await Promise.resolve().then(() => (init_uniswapHedgeFill(), uniswapHedgeFill_exports));
    const swaps = /* @__PURE__ */ new Map();
    let pool;
    for (const o of this.open) {
      const i = o.intent;
      if (o.decidedBar >= m.barIndex || i.instrument !== this.o.hedgeInstrument) continue;
      const s2 = await uniswapHedgeFill2(pool ?? uniswapPoolAt2(u, m.spot), i.side, i.qty);
      if (i.limitPrice !== void 0 && (i.side === "buy" ? s2.avgPrice > i.limitPrice : s2.avgPrice < i.limitPrice)) continue;
      pool = s2.pool;
      swaps.set(i, s2);
    }
    return this.fillDue(m, swaps);
  }
  /** Fills every open order decided before `m.barIndex` whose limit allows it, at `m`'s price. Hedge orders priced
   * in `swaps` (by fillDueAsync) fill at their swap; without one a hedge fills at spot with fees and slippage. */
  fillDue(m, swaps) {
    if (this.open.length === 0) return [];
    const fills = [];
    const still = [];
    for (const o of this.open) {
      if (o.decidedBar >= m.barIndex) {
        still.push(o);
        continue;
      }
      const swap = swaps?.get(o.intent);
      const f = swap !== void 0 ? this.swapFill(o.intent, m, swap) : this.swapsOnPool && o.intent.instrument === this.o.hedgeInstrument ? void 0 : this.fillOne(o.intent, m);
      if (f === void 0) {
        still.push(o);
        continue;
      }
      this.closed.set(o.intent.clientId, { clientId: o.intent.clientId, status: "filled", filledQty: f.qty, fills: NO_FILLS });
      const h = this.held.get(f.instrument) ?? { qty: 0, avg: 0 };
      const q = f.side === "buy" ? f.qty : -f.qty;
      h.avg = h.qty + q === 0 ? 0 : (h.avg * h.qty + f.price * q) / (h.qty + q);
      h.qty += q;
      this.held.set(f.instrument, h);
      fills.push(f);
    }
    this.open = still;
    return fills;
  }
  /** The venue's view of a position after a settlement or liquidation outside the order flow. */
  forget(instrument) {
    this.held.delete(instrument);
  }
  fillOne(i, m) {
    const x = this.o.execution;
    const buy = i.side === "buy";
    const sign = buy ? 1 : -1;
    let price;
    let fee;
    let gasQuote = 0;
    if (i.instrument === this.o.hedgeInstrument) {
      const slip = x.slippage.model === "bps" ? x.slippage.bps / 1e4 : 0;
      price = m.spot * (1 + sign * slip);
      const bps = i.limitPrice === void 0 ? x.fees.takerBps : x.fees.makerBps;
      fee = i.qty * price * bps / 1e4;
      if (this.o.hedgeOnChain) gasQuote = this.gasQuote(m);
    } else {
      const q = this.o.quote(i.instrument);
      if (x.slippage.model === "bps") {
        const side = buy ? q.ask : q.bid;
        price = side * (1 + sign * x.slippage.bps / 1e4);
      } else {
        const mid = (q.bid + q.ask) / 2;
        price = mid + sign * x.slippage.fractionOfSpread * (q.ask - q.bid) / 2;
      }
      if (!(price >= 0)) price = 0;
      const perContract = Math.min(x.fees.option.pctOfUnderlying / 100 * m.spot, x.fees.option.capPctOfPrice / 100 * price);
      fee = perContract * i.qty;
    }
    if (i.limitPrice !== void 0 && (buy ? price > i.limitPrice : price < i.limitPrice)) return void 0;
    return {
      clientId: i.clientId,
      instrument: i.instrument,
      side: i.side,
      qty: i.qty,
      price,
      fee,
      feeCurrency: this.o.quoteCurrency,
      tMs: m.tMs,
      purpose: i.purpose,
      reason: i.reason,
      spotAtFill: m.spot,
      gasQuote
    };
  }
  swapFill(i, m, s2) {
    if (!(s2.qty > 0)) return void 0;
    const impactBps = (s2.price / m.spot - 1) * 1e4;
    const reason = `${i.reason}${i.reason ? "; " : ""}uniswap impact ${impactBps.toFixed(2)} bps${s2.exhausted ? ", pool liquidity exhausted" : ""}`;
    return {
      clientId: i.clientId,
      instrument: i.instrument,
      side: i.side,
      qty: s2.qty,
      price: s2.price,
      fee: s2.fee,
      feeCurrency: this.o.quoteCurrency,
      tMs: m.tMs,
      purpose: i.purpose,
      reason,
      spotAtFill: m.spot,
      gasQuote: this.gasQuote(m, this.o.execution.uniswap?.gasPerSwap)
    };
  }
  gasQuote(m, gasUsed) {
    const g = this.o.execution.gas;
    if (g.model === "none") return 0;
    const gwei = g.model === "constant" ? g.gwei : m.gasGwei;
    return Number.isFinite(gwei) ? gwei * (gasUsed ?? g.gasPerTx) * 1e-9 * m.ethPrice : 0;
  }
};

// engine/domain/margin/linearAccountHealth.ts
init_margin();

// engine/domain/margin/accountEquity.ts
init_margin();
function positionMark(position, market) {
  const ins = position.instrument;
  if (ins.type !== "option") return market.futureMarksUsd[ins.name] ?? market.indexUsd;
  const mark = market.optionMarks[ins.name];
  if (mark === void 0 || !Number.isFinite(mark) || mark < 0) {
    throw new MarginInvariantError(
      `no valid mark for ${ins.name} (got ${String(mark)})`,
      "give market.optionMarks for it, or market.optionVols and resolve marks with resolveMarks()"
    );
  }
  return mark;
}
function positionPnl(position, market) {
  const mark = positionMark(position, market);
  if (position.instrument.type === "option") return position.size * (mark - position.entry);
  return position.size * (1 - position.entry / mark);
}
function collateralValue(c, currency, market) {
  if (c.asset === currency) return c.amount * (1 - c.haircut);
  const usd = market.spotUsd[c.asset];
  if (usd === void 0 || !(usd >= 0)) {
    throw new MarginInvariantError(`no USD price for collateral ${c.asset}`, `add ${c.asset} to market.spotUsd`);
  }
  return c.amount * usd / market.indexUsd * (1 - c.haircut);
}
function accountEquity(account, market) {
  let equity = 0;
  for (const c of account.collateral) equity += collateralValue(c, account.currency, market);
  for (const p of account.positions) equity += positionPnl(p, market);
  return equity;
}

// engine/domain/margin/standardMargin.ts
var DERIBIT_BTC_STANDARD = {
  optionImBase: 0.15,
  optionImFloor: 0.1,
  optionMm: 0.075,
  futureImBase: 0.02,
  futureMmBase: 0.01,
  futureRatePerCoin: 5e-5
};
function optionStandardMargin(kind, size, strikeUsd, indexUsd, mark, p = DERIBIT_BTC_STANDARD) {
  if (size >= 0) return { im: 0, mm: 0 };
  const n = -size;
  return { im: n * shortOptionIm(kind, strikeUsd, indexUsd, mark, p), mm: n * shortOptionMm(kind, mark, p) };
}
function shortOptionMm(kind, mark, p) {
  return kind === "call" ? p.optionMm + mark : Math.max(p.optionMm, p.optionMm * mark) + mark;
}
function shortOptionIm(kind, strikeUsd, indexUsd, mark, p) {
  const otm = kind === "call" ? Math.max(strikeUsd - indexUsd, 0) : Math.max(indexUsd - strikeUsd, 0);
  const base2 = Math.max(p.optionImBase - otm / indexUsd, p.optionImFloor);
  return kind === "call" ? base2 + mark : Math.max(base2 + mark, shortOptionMm(kind, mark, p));
}
function futureStandardMargin(sizeCoin, p = DERIBIT_BTC_STANDARD) {
  const s2 = Math.abs(sizeCoin);
  return { im: futureMargin(s2, p.futureImBase, p), mm: futureMargin(s2, p.futureMmBase, p) };
}
function futureMargin(s2, baseRate, p) {
  return s2 * (baseRate + s2 * p.futureRatePerCoin);
}
function positionSizeCoin(position, market) {
  if (position.instrument.type === "option") return Math.abs(position.size);
  return Math.abs(position.size) * position.entry / positionMark(position, market);
}
function marginPart(position, market, p, key) {
  const ins = position.instrument;
  if (ins.type === "option") {
    const mark = positionMark(position, market);
    if (position.size >= 0) return 0;
    return -position.size * (key === "mm" ? shortOptionMm(ins.kind, mark, p) : shortOptionIm(ins.kind, ins.strikeUsd, market.indexUsd, mark, p));
  }
  return futureMargin(Math.abs(positionSizeCoin(position, market)), key === "mm" ? p.futureMmBase : p.futureImBase, p);
}
function standardHealth(account, market, p = DERIBIT_BTC_STANDARD) {
  const equity = accountEquity(account, market);
  const mm = marginSum(account, market, p, "mm");
  return mm > 0 ? equity / mm : Infinity;
}
function marginSum(account, market, p, key) {
  let total = 0;
  for (const pos of account.positions) total += marginPart(pos, market, p, key);
  return total;
}

// engine/domain/margin/linearMargin.ts
init_margin();
function linearOptionMargin(kind, size, strikeUsd, indexUsd, markUsdc, p = DERIBIT_BTC_STANDARD) {
  if (!(indexUsd > 0)) throw new MarginInvariantError(`index must be positive, got ${indexUsd}`, "give market.indexUsd in USD");
  const coin = optionStandardMargin(kind, size, strikeUsd, indexUsd, markUsdc / indexUsd, p);
  return { im: coin.im * indexUsd, mm: coin.mm * indexUsd };
}
function linearFutureMargin(sizeUnits, markUsdc, p = DERIBIT_BTC_STANDARD) {
  const coin = futureStandardMargin(sizeUnits, p);
  return { im: coin.im * markUsdc, mm: coin.mm * markUsdc };
}
function linearMark(position, market) {
  const ins = position.instrument;
  if (ins.type !== "option") return market.futureMarksUsdc[ins.name] ?? market.indexUsd;
  const mark = market.optionMarksUsdc[ins.name];
  if (mark === void 0 || !Number.isFinite(mark) || mark < 0) {
    throw new MarginInvariantError(`no valid USDC mark for ${ins.name} (got ${String(mark)})`, "give market.optionMarksUsdc for it");
  }
  return mark;
}
function linearStandardMargin(account, market, p = DERIBIT_BTC_STANDARD) {
  return account.positions.map((pos) => {
    const ins = pos.instrument;
    const m = ins.type === "option" ? linearOptionMargin(ins.kind, pos.size, ins.strikeUsd, market.indexUsd, linearMark(pos, market), p) : linearFutureMargin(pos.size, linearMark(pos, market), p);
    return { instrument: ins.name, ...m };
  });
}

// engine/domain/margin/linearAccountHealth.ts
function linearAccountEquity(account, market) {
  let equity = 0;
  for (const c of account.collateral) {
    if (c.asset === account.currency) {
      equity += c.amount * (1 - c.haircut);
      continue;
    }
    const usd = market.spotUsd[c.asset];
    if (usd === void 0 || !(usd >= 0)) throw new MarginInvariantError(`no USD price for collateral ${c.asset}`, `add ${c.asset} to market.spotUsd`);
    equity += c.amount * usd * (1 - c.haircut);
  }
  for (const p of account.positions) equity += p.size * (linearMark(p, market) - p.entryUsdc);
  return equity;
}
function linearAccountHealth(account, market, p = DERIBIT_BTC_STANDARD) {
  const equity = linearAccountEquity(account, market);
  let im = 0;
  let mm = 0;
  for (const x of linearStandardMargin(account, market, p)) {
    im += x.im;
    mm += x.mm;
  }
  return { equity, im, mm, health: mm > 0 ? equity / mm : Infinity };
}

// backtest/loop/marginHealth.ts
var REEVAL_MOVE = 5e-3;
var MarginCheck = class {
  /** `currency`: the margin currency of a stable-collateral vault (USDC); the coin vault's is `asset`. */
  constructor(p, asset, currency = asset) {
    this.p = p;
    this.asset = asset;
    this.currency = currency;
    this.market = { nowMs: 0, indexUsd: 0, rate: 0, spotUsd: {}, optionMarks: this.marks, optionVols: {}, futureMarksUsd: {} };
    this.collateral = { asset: currency, amount: 0, haircut: 0 };
  }
  p;
  asset;
  currency;
  version = -1;
  marks = {};
  market;
  // The account is rebuilt only when the book's positions change (an option or the perp opened or closed); between
  // such changes each run updates the numbers in place (the balance, the swept perp's entry, and every size after a
  // trade that only resized: a re-hedge), so an hourly re-check or a hedge allocates nothing of its own here.
  collateral;
  account = { id: "vault", currency: "", collateral: [], positions: [] };
  perp;
  /** Option positions' names and book rows, in account order. */
  optionRows = [];
  /** The account's option positions (coin or linear, whichever the vault uses), in optionRows' order. */
  optionSizes = [];
  linearMarks = {};
  linearMarket = { indexUsd: 0, spotUsd: {}, optionMarksUsdc: this.linearMarks, futureMarksUsdc: {} };
  linearAccount = { id: "vault", currency: "", collateral: [], positions: [] };
  linearPerp;
  lastSpot = NaN;
  lastMs = -Infinity;
  last = Infinity;
  // Infinity in a field, for the empty book: with the constant returned on one path and `last` on the others, V8
  // boxed `last` on every call (one heap number per bar)
  noPositions = Infinity;
  /** Health now; `bookVersion` changes whenever positions changed, so the position list is rebuilt only then. */
  health(bookVersion) {
    const p = this.p;
    if (p.n === 0 && p.perpQty === 0) return this.noPositions;
    if (bookVersion === this.version && Math.abs(p.spot / this.lastSpot - 1) <= REEVAL_MOVE && p.nowMs - this.lastMs < 36e5) return this.last;
    this.lastSpot = p.spot;
    this.lastMs = p.nowMs;
    if (bookVersion !== this.version) {
      this.version = bookVersion;
      if (this.sameOpenPositions()) this.resize();
      else this.rebuild();
    }
    this.last = p.unit === "asset" ? this.evaluate() : this.evaluateLinear();
    return this.last;
  }
  /** Whether the book holds the same options in the same rows, and a perp exactly when the account has one. */
  sameOpenPositions() {
    const p = this.p;
    const rows = this.optionRows;
    if (rows.length !== p.n || p.perpQty !== 0 !== ((p.unit === "asset" ? this.perp : this.linearPerp) !== void 0)) return false;
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k];
      if (r.row !== k || r.name !== p.ins[k].id) return false;
    }
    return true;
  }
  /** Sizes from the book into the account's positions, which stay the same objects. */
  resize() {
    const p = this.p;
    for (let k = 0; k < this.optionSizes.length; k++) this.optionSizes[k].size = p.qtyA[k];
    if (this.perp !== void 0) this.perp.size = p.perpQty;
    if (this.linearPerp !== void 0) this.linearPerp.size = p.perpQty;
  }
  /** The account's positions from the book (entries 0: premiums are already in the balance). */
  rebuild() {
    const p = this.p;
    this.optionRows = [];
    const instruments = [];
    for (let k = 0; k < p.n; k++) {
      const ins = p.ins[k];
      this.optionRows.push({ name: ins.id, row: k });
      instruments.push({ type: "option", name: ins.id, underlying: ins.underlying, expiryMs: ins.expiryMs, strikeUsd: ins.strike, kind: ins.kind });
    }
    const perpIns = p.perpQty !== 0 ? { type: "perpetual", name: p.perpId, underlying: this.asset } : void 0;
    if (p.unit === "asset") {
      const positions = instruments.map((instrument, k) => ({ instrument, size: p.qtyA[k], entry: 0 }));
      this.optionSizes = positions.slice();
      this.linearPerp = void 0;
      this.perp = perpIns === void 0 ? void 0 : { instrument: perpIns, size: p.perpQty, entry: 0 };
      if (this.perp !== void 0) positions.push(this.perp);
      this.account = { id: "vault", currency: this.asset, collateral: [this.collateral], positions };
    } else {
      const positions = instruments.map((instrument, k) => ({ instrument, size: p.qtyA[k], entryUsdc: 0 }));
      this.optionSizes = positions.slice();
      this.perp = void 0;
      this.linearPerp = perpIns === void 0 ? void 0 : { instrument: perpIns, size: p.perpQty, entryUsdc: 0 };
      if (this.linearPerp !== void 0) positions.push(this.linearPerp);
      this.linearAccount = { id: "vault", currency: this.currency, collateral: [this.collateral], positions };
    }
  }
  evaluate() {
    const p = this.p;
    const spot = p.spot;
    for (const { name, row } of this.optionRows) this.marks[name] = p.valueA[row] / spot;
    this.market.nowMs = p.nowMs;
    this.market.indexUsd = spot;
    if (this.perp !== void 0) this.perp.entry = spot;
    this.collateral.amount = p.balance;
    return standardHealth(this.account, this.market);
  }
  evaluateLinear() {
    const p = this.p;
    const spot = p.spot;
    for (const { name, row } of this.optionRows) this.linearMarks[name] = p.valueA[row];
    this.linearMarket.indexUsd = spot;
    if (this.linearPerp !== void 0) this.linearPerp.entryUsdc = spot;
    this.collateral.amount = p.balance;
    return linearAccountHealth(this.linearAccount, this.linearMarket).health;
  }
};

// backtest/loop/runBacktest.ts
function vaultFlowsOf(cfg) {
  return cfg.vault.flows.map((f) => {
    const base2 = { atMs: isoUtcToMs(f.at), account: f.account };
    if (f.deposit !== void 0) return { type: "deposit", ...base2, assetAmount: f.deposit };
    if (f.withdrawShares !== void 0) return { type: "withdraw", ...base2, shares: f.withdrawShares };
    return { type: "withdraw", ...base2, all: true };
  });
}
var DECIMALS = { BTC: 8, WBTC: 8, ETH: 18, WETH: 18, USDC: 6, USDT: 6, DAI: 18, SOL: 9 };
var PERP_SUFFIX = "-PERPETUAL";
async function runBacktest(input) {
  const { config: cfg, bars, barMs, strategy } = input;
  const n = bars.length;
  if (n < 2) throw new InputError("data.bars", "data.bars", `holds ${n} bar(s) in the backtest window`, "give at least two bars (check data.from and data.to).");
  if (cfg.execution.fillTiming === "same-bar") {
    throw new InputError("execution.fillTiming", "execution.fillTiming", "is same-bar, which fills at the price the decision saw (look-ahead)", "use next-bar; the backtester fills at the next bar's open.");
  }
  const asset = cfg.vault.asset;
  const unit = cfg.vault.collateral === "underlying" ? "asset" : "quote";
  const quote = "USD";
  const unitSymbol = unit === "asset" ? asset : cfg.vault.collateral;
  const decimals = DECIMALS[unitSymbol] ?? 8;
  const scale = 10 ** Math.min(decimals, 15);
  const toRaw = (x) => BigInt(Math.round(x * scale)) * 10n ** BigInt(decimals - Math.min(decimals, 15));
  const fromRaw = (x) => Number(x / 10n ** BigInt(decimals - Math.min(decimals, 15))) / scale;
  const hedgeCfg = cfg.hedge;
  const hedgeId = hedgeCfg?.instrument === "spot" ? `${asset}/${quote}` : hedgeCfg?.instrument === "uniswap" ? `UNIV3:${asset}/${quote}` : `${asset}${PERP_SUFFIX}`;
  const runId = `${strategy.name}:${fnv1a64Hex(`${bars.tMs[0]}|${bars.tMs[n - 1]}|${n}|${input.seed ?? 0}`)}`;
  const cursor = new BarCursor(bars, barMs);
  const clock = new SimClock();
  const vol = new VolSource(cfg.iv, bars, barMs, input.vol);
  let chain;
  if (cfg.iv.source === "chain") {
    if (input.chain === void 0) throw new InputError("data.chain", "data.chain", "is needed by iv.source: chain", "add data.chain (recorded chain snapshots), or use iv.source: index.");
    const recorded = new RecordedChain(clock, input.chain, { underlying: asset, quote, coinQuoted: true });
    vol.useChain(recorded);
    chain = recorded;
  } else {
    chain = new ModelChain(clock, { underlying: asset, quote, inverse: unit === "asset", vol, ...input.grid ? { grid: input.grid } : {}, expiryHourUtc: cfg.vault.epoch.hourUtc });
  }
  const firstPrice = bars.open[0];
  const initialBalance = unit === "asset" ? cfg.vault.initialNav : cfg.vault.initialNav * firstPrice;
  const portfolio = new Portfolio(unit, initialBalance, hedgeId);
  const margin = new MarginCheck(portfolio, asset, unitSymbol);
  let bookVersion = 0;
  const vaultConfig = {
    assetSymbol: unitSymbol,
    assetDecimals: decimals,
    decimalsOffset: 0,
    maxTvlAssets: cfg.vault.maxTvl === void 0 ? 10n ** 40n : toRaw(unit === "asset" ? cfg.vault.maxTvl : cfg.vault.maxTvl * firstPrice),
    minDepositAssets: 1n,
    managementFeeBpsPerYear: Math.round(cfg.vault.fees.managementFeePct * 100),
    performanceFeeBps: Math.round(cfg.vault.fees.performanceFeePct * 100),
    highWaterMark: cfg.vault.fees.highWaterMark,
    feePayment: cfg.vault.fees.paidIn,
    feeRecipient: cfg.vault.fees.feeRecipient ?? "fees"
  };
  const t0 = bars.tMs[0];
  let vault = initialVaultState(vaultConfig, t0);
  vault = reduceVault(vault, { type: "deposit", account: "initial", assets: toRaw(initialBalance) });
  vault = reduceVault(vault, { type: "roll", atMs: t0 });
  vault = reduceVault(vault, { type: "takePositions", atMs: t0 });
  const shareUnit = 10 ** (decimals + vaultConfig.decimalsOffset);
  const shares = () => Number(vault.totalShares) / shareUnit;
  let sharesNow = shares();
  portfolio.balance = fromRaw(vault.totalAssets);
  const flows = [...input.flows ?? vaultFlowsOf(cfg)].sort((a, b) => a.atMs - b.atMs);
  let flowAt = 0;
  const margined = { health: Infinity };
  let dayStartNav = NaN;
  let nextDayMs = -Infinity;
  const rt = new StrategyRuntime({
    mode: "backtest",
    runId,
    strategy,
    params: input.params,
    cursor,
    chain,
    portfolio,
    vol,
    asset,
    hedgeInstrument: hedgeId,
    shares,
    health: () => margined.health,
    ...hedgeCfg === void 0 ? {} : { hedge: hedgePolicyOf(cfg) },
    limits: {
      ...cfg.risk.maxNotionalPerOrder === void 0 ? {} : { maxQtyPerOrder: cfg.risk.maxNotionalPerOrder },
      ...cfg.risk.maxNotionalPerDay === void 0 ? {} : { maxQtyPerDay: cfg.risk.maxNotionalPerDay },
      nowMs: () => cursor.now,
      blockNewRisk: () => {
        if (margined.health < cfg.risk.minHealth) return `margin health ${round(margined.health, 3)} is under risk.minHealth ${cfg.risk.minHealth}`;
        const maxLoss = cfg.risk.maxDailyLossPct;
        if (maxLoss === void 0 || !(dayStartNav > 0)) return void 0;
        const lossPct = (1 - portfolio.nav() / dayStartNav) * 100;
        return lossPct > maxLoss ? `today's loss ${round(lossPct, 2)}% is over risk.maxDailyLossPct ${maxLoss}` : void 0;
      }
    }
  });
  const venue = new SimVenue({
    execution: cfg.execution,
    hedgeInstrument: hedgeId,
    hedgeOnChain: hedgeCfg?.instrument === "uniswap",
    quote: (id) => chain.quote(id),
    quoteCurrency: quote
  });
  const costBars = [], costQuote = [], flowBars = [], flowQuote = [];
  const reuse = input.columns;
  reuse?.begin();
  const f64 = (len) => reuse?.float64(len) ?? new Float64Array(len);
  const i32 = (len) => reuse?.int32(len) ?? new Int32Array(len);
  const eq = {
    tMs: bars.tMs.subarray(0, n),
    spot: bars.close.subarray(0, n),
    nav: f64(n),
    pps: f64(n),
    delta: f64(n),
    gamma: f64(n),
    vega: f64(n),
    theta: f64(n),
    health: f64(n),
    vol: f64(n),
    epoch: i32(n),
    costBars,
    costQuote,
    flowBars,
    flowQuote
  };
  let lastFees = 0;
  let lastFunding = 0;
  let flowAtBar = 0;
  const trades = [];
  const epochs = [];
  let liquidations = 0;
  const fillAt = input.fillAt ?? "open";
  const ethPrice = asset === "ETH" || asset === "WETH" ? NaN : input.ethPrice ?? 3e3;
  let fundingAt = 0;
  let gasAt = -1;
  const epochEnd = (startMs) => nextEpochEndMs(startMs, cfg.vault.epoch);
  rt.epoch = { index: vault.epoch, startMs: t0, endMs: epochEnd(t0) };
  let start = snapshot(portfolio.totals);
  let navStart = portfolio.balance;
  let optionValueStart = 0;
  let epochTradesFrom = 0;
  let epochSettlePx = NaN;
  let main;
  let prevNow = t0;
  const epochRow = (endMs, navEnd, ppsEnd, vaultFees, flowsAcct, optionPnl, settled) => {
    const tot2 = portfolio.totals;
    const kinds = /* @__PURE__ */ new Set();
    for (let k = epochTradesFrom; k < trades.length; k++) {
      const t = trades[k];
      if (t.kind === "option") kinds.add(/-C$/.test(t.instrument) ? "call" : "put");
    }
    return {
      epoch: rt.epoch.index,
      startMs: rt.epoch.startMs,
      endMs,
      type: kinds.size === 0 ? "none" : kinds.size === 2 ? "mixed" : [...kinds][0],
      strike: main?.ins.strike ?? NaN,
      expiryMs: main?.ins.expiryMs ?? NaN,
      contracts: main?.qty ?? 0,
      premium: tot2.optionCash - start.optionCash,
      settlementPrice: settled ? epochSettlePx : NaN,
      optionPnl,
      hedgePnl: tot2.hedge - start.hedge,
      fees: tot2.fees - start.fees,
      funding: tot2.funding - start.funding,
      gas: tot2.gas - start.gas,
      pnl: navEnd - navStart,
      navStart,
      navEnd,
      ppsEnd,
      vaultFees,
      flows: flowsAcct,
      turnoverQuote: tot2.turnoverQuote - start.turnoverQuote,
      trades: trades.length - epochTradesFrom,
      settled
    };
  };
  const epochOptionPnl = (close) => {
    const tot2 = portfolio.totals;
    return tot2.optionCash - start.optionCash + (tot2.settlement - start.settlement) + (portfolio.toUnit(portfolio.optionValueQuote, close) - optionValueStart);
  };
  const recordFills = (fills, i) => {
    for (const f of fills) {
      const signed = f.side === "buy" ? f.qty : -f.qty;
      const fee = portfolio.toUnit(f.fee, f.spotAtFill);
      if (f.instrument === hedgeId) portfolio.fillPerp(signed, f.price, fee);
      else {
        const ins = chain.get(f.instrument);
        portfolio.fillOption(ins, signed, f.price, fee, f.spotAtFill);
        const held = portfolio.qty(ins.id);
        if (main === void 0 || Math.abs(held) > Math.abs(main.qty)) main = { ins, qty: held };
      }
      if (f.gasQuote > 0) portfolio.payGas(portfolio.toUnit(f.gasQuote, f.spotAtFill));
      bookVersion++;
      trades.push({ tMs: f.tMs, instrument: f.instrument, side: f.side, qty: f.qty, price: f.price, fee: fee + portfolio.toUnit(f.gasQuote, f.spotAtFill), kind: f.purpose, reason: f.reason, barIndex: i });
    }
    return rt.onFills(fills);
  };
  const flush = (i) => {
    venue.setDecisionBar(i);
    const refusedBefore = rt.queue.refused.length;
    rt.flushNow(venue);
    for (let k = refusedBefore; k < rt.queue.refused.length; k++) {
      const r = rt.queue.refused[k];
      rt.ctx.log(`order refused: ${r.reason}`, { instrument: r.intent.instrument });
    }
  };
  const checkMargin = (i) => {
    if (input.marginCheck === false) return;
    margined.health = margin.health(bookVersion);
    if (margined.health < 1) liquidate(i);
  };
  const liquidate = (i) => {
    const now = bars.tMs[i] + barMs;
    const close = bars.close[i];
    liquidations++;
    for (let k = portfolio.n - 1; k >= 0; k--) {
      const ins = portfolio.ins[k];
      const q = portfolio.qtyA[k];
      const qt = chain.quote(ins.id);
      const px = q < 0 ? qt.ask : qt.bid;
      portfolio.fillOption(ins, -q, px, 0, close);
      venue.forget(ins.id);
      trades.push({ tMs: now, instrument: ins.id, side: q < 0 ? "buy" : "sell", qty: Math.abs(q), price: px, fee: 0, kind: "liquidation", reason: `health ${round(margined.health, 3)} < 1`, barIndex: i });
    }
    if (portfolio.perpQty !== 0) {
      const q = portfolio.perpQty;
      portfolio.fillPerp(-q, close, 0);
      trades.push({ tMs: now, instrument: hedgeId, side: q < 0 ? "buy" : "sell", qty: Math.abs(q), price: close, fee: 0, kind: "liquidation", reason: `health ${round(margined.health, 3)} < 1`, barIndex: i });
    }
    bookVersion++;
    portfolio.mark(close, now, vol);
    margined.health = margin.health(bookVersion);
  };
  const { nav: eqNav, pps: eqPps, delta: eqDelta, gamma: eqGamma, vega: eqVega, theta: eqTheta, health: eqHealth, vol: eqVol, epoch: eqEpoch } = eq;
  const conv = unit === "asset";
  const record = (i, epochAtBar) => {
    const nav = portfolio.nav();
    const closeMs = bars.tMs[i] + barMs;
    if (closeMs >= nextDayMs) {
      dayStartNav = nav;
      nextDayMs = (Math.floor(closeMs / 864e5) + 1) * 864e5;
    }
    eqNav[i] = nav;
    eqPps[i] = nav / sharesNow;
    eqDelta[i] = portfolio.delta();
    eqGamma[i] = portfolio.gamma();
    eqVega[i] = portfolio.vega();
    eqTheta[i] = portfolio.theta();
    eqHealth[i] = margined.health;
    eqVol[i] = vol.base();
    eqEpoch[i] = epochAtBar;
    const tot2 = portfolio.totals;
    if (tot2.fees !== lastFees || tot2.funding !== lastFunding || flowAtBar !== 0) recordCosts(i);
  };
  const recordCosts = (i) => {
    const close = bars.close[i];
    const tot2 = portfolio.totals;
    if (tot2.fees !== lastFees || tot2.funding !== lastFunding) {
      costBars.push(i);
      costQuote.push((-(tot2.fees - lastFees) + (tot2.funding - lastFunding)) * (conv ? close : 1));
      lastFees = tot2.fees;
      lastFunding = tot2.funding;
    }
    if (flowAtBar !== 0) {
      flowBars.push(i);
      flowQuote.push(flowAtBar * (conv ? close : 1));
      flowAtBar = 0;
    }
  };
  let halted = false;
  let haltPromise = void 0;
  const quietRun = (from) => {
    let i = from;
    for (; i < n; i++) {
      const now = bars.tMs[i] + barMs;
      if (venue.openCount !== 0 || now >= nextExpiry || now >= epochEndMs || now >= flowMs || fundingAt < fundingN && fundingTMs[fundingAt] <= now) break;
      const close = bars.close[i];
      const epochAtBar = rt.epoch.index;
      cursor.moveTo(i);
      vol.advance(i);
      clock.set(now, close);
      portfolio.markBar(bars, i, barMs, vol);
      checkMargin(i);
      const r = rt.callOnBar();
      if (r !== void 0 || rt.queue.size > 0) {
        prevNow = now;
        halted = true;
        haltPromise = r;
        return i;
      }
      record(i, epochAtBar);
      if (input.onProgress !== void 0 && (i & 4095) === 0) input.onProgress(i, n);
    }
    if (i > from) prevNow = bars.tMs[i - 1] + barMs;
    return i;
  };
  const fundingTMs = input.funding?.tMs;
  const fundingN = input.funding?.length ?? 0;
  let nextExpiry = portfolio.nextExpiryMs();
  let epochEndMs = rt.epoch.endMs;
  const nextFlowMs = () => flowAt < flows.length ? flows[flowAt].atMs : Infinity;
  let flowMs = nextFlowMs();
  cursor.moveTo(0);
  clock.set(t0 + barMs, bars.close[0]);
  vol.advance(0);
  portfolio.mark(bars.close[0], t0 + barMs, vol);
  navStart = portfolio.nav();
  {
    const r = rt.call("onStart");
    if (r) await r;
  }
  {
    const r = rt.call("onEpochStart");
    if (r) await r;
  }
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      const j = quietRun(i);
      if (halted) {
        const pending = haltPromise;
        halted = false;
        haltPromise = void 0;
        if (pending !== void 0) await pending;
        if (rt.queue.size > 0) flush(j);
        nextExpiry = portfolio.nextExpiryMs();
        record(j, rt.epoch.index);
        if (input.onProgress !== void 0 && (j & 4095) === 0) input.onProgress(j, n);
        i = j;
        continue;
      }
      if (j >= n) break;
      i = j;
    }
    const now = bars.tMs[i] + barMs;
    const close = bars.close[i];
    const epochAtBar = rt.epoch.index;
    if (i > 0) {
      cursor.moveTo(i);
      vol.advance(i);
      if (venue.openCount > 0) {
        const fillPx = fillAt === "open" ? bars.open[i] : close;
        const fillMs = fillAt === "open" ? bars.tMs[i] : now;
        clock.set(fillMs, fillPx);
        if (input.gas !== void 0) while (gasAt + 1 < input.gas.length && input.gas.tMs[gasAt + 1] <= fillMs) gasAt++;
        const m = { barIndex: i, tMs: fillMs, spot: fillPx, gasGwei: gasAt >= 0 && input.gas ? input.gas.gwei[gasAt] : NaN, ethPrice: Number.isNaN(ethPrice) ? fillPx : ethPrice };
        const fills = venue.swapsOnPool ? await venue.fillDueAsync(m) : venue.fillDue(m);
        clock.set(now, close);
        if (fills.length > 0) {
          const r = recordFills(fills, i);
          if (r) await r;
        }
      }
      clock.set(now, close);
      if (input.funding !== void 0) {
        const fu = input.funding;
        while (fundingAt < fu.length && fu.tMs[fundingAt] <= now) {
          const tf = fu.tMs[fundingAt];
          const rate = fu.rate[fundingAt];
          if (tf > prevNow && portfolio.perpQty !== 0) {
            const amt = portfolio.payFunding(rate, close);
            trades.push({ tMs: tf, instrument: hedgeId, side: amt >= 0 ? "receive" : "pay", qty: Math.abs(portfolio.perpQty), price: rate, fee: -amt, kind: "funding", reason: "perp funding", barIndex: i });
          }
          fundingAt++;
        }
      }
    } else {
      clock.set(now, close);
    }
    portfolio.markBar(bars, i, barMs, vol);
    if (portfolio.nextExpiryMs() <= now) {
      const expiryMs = portfolio.nextExpiryMs();
      const px = settlementPrice(bars, barMs, expiryMs, i);
      epochSettlePx = px;
      const notices = portfolio.settleExpired(expiryMs, px);
      bookVersion++;
      for (const s2 of notices) {
        venue.forget(s2.instrument.id);
        const per = Math.max(s2.instrument.kind === "call" ? px - s2.instrument.strike : s2.instrument.strike - px, 0);
        trades.push({ tMs: expiryMs, instrument: s2.instrument.id, side: s2.qty < 0 ? "buy" : "sell", qty: Math.abs(s2.qty), price: per, fee: 0, kind: "settlement", reason: `settled at TWAP ${round(px, 2)}`, barIndex: i });
      }
      portfolio.mark(close, now, vol);
      for (const s2 of notices) {
        const r = rt.onExpiry(s2);
        if (r) await r;
      }
    }
    while (flowAt < flows.length && flows[flowAt].atMs <= now) {
      const f = flows[flowAt++];
      if (f.type === "deposit") {
        const amount = "amount" in f ? f.amount : unit === "asset" ? f.assetAmount : f.assetAmount * close;
        try {
          vault = reduceVault(vault, { type: "deposit", account: f.account, assets: toRaw(amount) });
        } catch (e) {
          if (!(e instanceof VaultCapError)) throw e;
          rt.ctx.log(`deposit refused: ${e.shortMessage}`, { account: f.account });
        }
      } else {
        const free = (vault.shares[f.account] ?? 0n) - (vault.queuedWithdrawShares[f.account] ?? 0n);
        let sh = "fractionOfShares" in f ? BigInt(Math.floor(Number(free) * Math.min(1, Math.max(0, f.fractionOfShares)))) : "shares" in f ? BigInt(Math.round(f.shares * shareUnit)) : free;
        if (sh > free) {
          rt.ctx.log(`withdrawal of ${f.shares} shares capped at the ${Number(free) / shareUnit} ${f.account} holds`, { account: f.account });
          sh = free;
        }
        if (sh > 0n) vault = reduceVault(vault, { type: "withdrawRequest", account: f.account, shares: sh });
        const pending = vault.pendingDeposits[f.account] ?? 0n;
        if ("all" in f && pending > 0n) vault = reduceVault(vault, { type: "cancelDeposit", account: f.account, assets: pending });
      }
    }
    if (now >= rt.epoch.endMs) {
      {
        const r = rt.call("onEpochEnd");
        if (r) await r;
      }
      const navEnd = portfolio.nav();
      const tot2 = portfolio.totals;
      const optionPnl = epochOptionPnl(close);
      const assetsBefore = vault.totalAssets;
      vault = reduceVault(vault, { type: "expire", atMs: now });
      vault = reduceVault(vault, { type: "settle", atMs: now, pnlAssets: toRaw(navEnd) - assetsBefore });
      const st = vault.lastSettlement;
      const vaultFees = st === null ? 0 : fromRaw(st.totalFeeAssets);
      const ppsEnd = fromRaw(pricePerShare(shareBook(vault), decimals));
      vault = reduceVault(vault, { type: "roll", atMs: now });
      vault = reduceVault(vault, { type: "takePositions", atMs: now });
      sharesNow = shares();
      const navAfter = fromRaw(vault.totalAssets);
      const flowsAcct = navAfter - navEnd + (st !== null && vaultConfig.feePayment === "assets" ? vaultFees : 0);
      portfolio.balance += navAfter - navEnd;
      flowAtBar = navAfter - navEnd;
      portfolio.refreshDelta();
      epochs.push(epochRow(now, navEnd, ppsEnd, vaultFees, flowsAcct, optionPnl, true));
      start = snapshot(tot2);
      navStart = portfolio.nav();
      optionValueStart = portfolio.toUnit(portfolio.optionValueQuote, close);
      epochTradesFrom = trades.length;
      epochSettlePx = NaN;
      main = void 0;
      rt.epoch = { index: vault.epoch, startMs: now, endMs: epochEnd(now) };
      {
        const r = rt.call("onEpochStart");
        if (r) await r;
      }
    }
    checkMargin(i);
    {
      const r = rt.callOnBar();
      if (r) await r;
    }
    if (rt.queue.size > 0) flush(i);
    record(i, epochAtBar);
    nextExpiry = portfolio.nextExpiryMs();
    epochEndMs = rt.epoch.endMs;
    flowMs = nextFlowMs();
    prevNow = now;
    if (input.onProgress !== void 0 && (i & 4095) === 0) input.onProgress(i, n);
  }
  const lastClose = bars.tMs[n - 1] + barMs;
  if (lastClose > rt.epoch.startMs) {
    const close = bars.close[n - 1];
    const navEnd = portfolio.nav();
    epochs.push(epochRow(lastClose, navEnd, navEnd / sharesNow, 0, 0, epochOptionPnl(close), false));
  }
  {
    const r = rt.call("onStop");
    if (r) await r;
  }
  input.onProgress?.(n, n);
  return {
    strategy: strategy.name,
    runId,
    asset,
    quote,
    unit,
    unitSymbol,
    bars: n,
    barMs,
    equity: eq,
    trades,
    epochs,
    totals: snapshot(portfolio.totals),
    liquidations,
    refusedOrders: rt.queue.refused.length,
    logs: rt.logs
  };
}
function snapshot(t) {
  return { ...t };
}
function round(x, d) {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}
function settlementPrice(bars, barMs, expiryMs, i) {
  let lo = i;
  while (lo > 0 && bars.tMs[lo - 1] + barMs >= expiryMs - DEFAULT_SETTLEMENT_WINDOW_MS) lo--;
  const tMs = new Float64Array(i + 1 - lo);
  for (let j = lo; j <= i; j++) tMs[j - lo] = bars.tMs[j] + barMs;
  try {
    return twapSettlementPrice({ tMs, price: bars.close.subarray(lo, i + 1), expiryMs });
  } catch {
    let j = i;
    while (j > 0 && bars.tMs[j] + barMs > expiryMs) j--;
    return bars.close[j];
  }
}

// backtest/attribution/attributionRow.ts
var ATTRIBUTION_COLUMNS = ["epoch", "delta", "gamma", "theta", "vega", "cross", "costs", "residual", "total"];
var ATTRIBUTION_PARTS = ["delta", "gamma", "theta", "vega", "cross", "costs", "residual"];

// backtest/attribution/balanceRow.ts
var HEADROOM = 5;
function balanceRow(epoch, parts, total) {
  const m = Math.max(
    Math.abs(parts.delta),
    Math.abs(parts.gamma),
    Math.abs(parts.theta),
    Math.abs(parts.vega),
    Math.abs(parts.cross),
    Math.abs(parts.costs),
    Math.abs(total)
  );
  if (m === 0) return { epoch, delta: 0, gamma: 0, theta: 0, vega: 0, cross: 0, costs: 0, residual: 0, total: 0 };
  let e = Math.ceil(Math.log2(m));
  if (2 ** e <= m) e++;
  const q = Math.max(2 ** (e + HEADROOM - 53), Number.MIN_VALUE);
  const snap = (x) => Math.round(x / q) * q + 0;
  const delta = snap(parts.delta), gamma = snap(parts.gamma), theta = snap(parts.theta), vega = snap(parts.vega);
  const cross = snap(parts.cross), costs = snap(parts.costs), t = snap(total);
  const residual = t - delta - gamma - theta - vega - cross - costs + 0;
  return { epoch, delta, gamma, theta, vega, cross, costs, residual, total: t };
}

// backtest/attribution/totalAttribution.ts
function totalAttribution(rows) {
  let d = 0, g = 0, t = 0, v = 0, x = 0, c = 0, p = 0;
  for (const r of rows) {
    d += r.delta;
    g += r.gamma;
    t += r.theta;
    v += r.vega;
    x += r.cross;
    c += r.costs;
    p += r.total;
  }
  return balanceRow(-1, { delta: d, gamma: g, theta: t, vega: v, cross: x, costs: c }, p);
}

// backtest/metrics/metricsInputError.ts
init_base();
var MetricsInputError = class extends OptvaultError {
  name = "MetricsInputError";
  constructor(where, problem, fix) {
    super(`${where} ${problem}.`, fix === void 0 ? { where } : { where, fix });
  }
};

// backtest/metrics/drawdownInto.ts
function drawdownInto(out, nav) {
  let peak = -Infinity;
  for (let i = 0; i < nav.length; i++) {
    const v = nav[i];
    if (v > peak) peak = v;
    out[i] = v / peak - 1;
  }
  return out;
}

// backtest/report/downsampleIndices.ts
function downsampleIndices(n, series, maxPoints) {
  if (n <= maxPoints) return Int32Array.from({ length: n }, (_, i) => i);
  const perBucket = 2 + 2 * series.length;
  const buckets = Math.max(1, Math.floor(maxPoints / perBucket));
  const out = new Int32Array(buckets * perBucket);
  const scratch5 = new Int32Array(perBucket);
  let m = 0;
  for (let b = 0; b < buckets; b++) {
    const lo = Math.floor(b * n / buckets);
    const hi = Math.floor((b + 1) * n / buckets);
    let k = 0;
    scratch5[k++] = lo;
    scratch5[k++] = hi - 1;
    for (const s2 of series) {
      let iMin = -1, iMax = -1;
      let vMin = Infinity, vMax = -Infinity;
      for (let i = lo; i < hi; i++) {
        const v = s2[i];
        if (v < vMin) {
          vMin = v;
          iMin = i;
        }
        if (v > vMax) {
          vMax = v;
          iMax = i;
        }
      }
      if (iMin >= 0) scratch5[k++] = iMin;
      if (iMax >= 0) scratch5[k++] = iMax;
    }
    for (let a = 1; a < k; a++) {
      const x = scratch5[a];
      let c = a - 1;
      while (c >= 0 && scratch5[c] > x) {
        scratch5[c + 1] = scratch5[c];
        c--;
      }
      scratch5[c + 1] = x;
    }
    for (let a = 0; a < k; a++) {
      const x = scratch5[a];
      if (m === 0 || out[m - 1] !== x) out[m++] = x;
    }
  }
  return out.slice(0, m);
}

// backtest/report/robustRange.ts
function robustRange(n, at, o = {}) {
  const loPct = o.loPct ?? 1;
  const hiPct = o.hiPct ?? 99;
  const step = Math.max(1, Math.ceil(n / (o.maxSample ?? 5e4)));
  const sample = new Float64Array(Math.ceil(n / step));
  let m = 0;
  let fullMin = Infinity, fullMax = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = at(i);
    if (!Number.isFinite(v)) continue;
    if (v < fullMin) fullMin = v;
    if (v > fullMax) fullMax = v;
    if (i % step === 0) sample[m++] = v;
  }
  if (m < 10) return null;
  const sorted = sample.subarray(0, m).sort();
  const pick = (pct) => sorted[Math.min(m - 1, Math.max(0, Math.round(pct / 100 * (m - 1))))];
  const lo = pick(loPct);
  const hi = pick(hiPct);
  const width = hi - lo;
  if (!(width > 0) || fullMax - fullMin <= (o.minSpreadRatio ?? 3) * width) return null;
  const min = lo - 0.08 * width;
  const max = hi + 0.08 * width;
  let outside = 0;
  for (let k = 0; k < m; k++) {
    const v = sorted[k];
    if (v < min || v > max) outside++;
  }
  return { min, max, loPct, hiPct, outsideFraction: outside / m };
}

// backtest/report/chartData.ts
var HEALTH_CLIP = 20;
var HEALTH_TOPS = [2, 3, 5, 10, 15, HEALTH_CLIP];
var round2 = (v) => Number.isFinite(v) ? Number(v.toPrecision(6)) : null;
function healthTop(health) {
  const n = health.length;
  const step = Math.max(1, Math.ceil(n / 5e4));
  const buf = new Float64Array(Math.ceil(n / step));
  let m = 0;
  for (let i = 0; i < n; i += step) {
    const v = health[i];
    if (Number.isFinite(v)) buf[m++] = v;
  }
  if (m === 0) return HEALTH_TOPS[0];
  const sorted = buf.subarray(0, m).sort();
  const p99 = sorted[Math.round(0.99 * (m - 1))];
  return HEALTH_TOPS.find((t) => t >= 1.2 * p99) ?? HEALTH_CLIP;
}
function healthChart(health, chart) {
  const top = healthTop(health);
  const c = chart((i) => {
    const v = health[i];
    return v === Infinity ? NaN : Math.min(v, top);
  });
  let above = 0;
  for (let i = 0; i < health.length; i++) {
    const v = health[i];
    if (v > top && v < Infinity) above++;
  }
  if (above === 0) return { ...c, y: { min: 0, max: top, note: "" } };
  const bars = `${above.toLocaleString("en-US")} bar${above === 1 ? "" : "s"}`;
  return { ...c, y: { min: 0, max: top, clippedAt: top, note: `Clipped at ${top}: ${bars} above it (equity.csv keeps the raw values).` } };
}
function ordinal(k) {
  const tens = k % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : ["th", "st", "nd", "rd"][k % 10] ?? "th";
  return `${k}${suffix}`;
}
function chartData(input) {
  const b = input.bars;
  const n = b.tMs.length;
  const max = input.maxChartPoints ?? 5e3;
  const chart = (shown, ys) => {
    const idx = downsampleIndices(n, shown, max);
    const x = Array.from(idx, (i) => b.tMs[i] / 1e3);
    return { x, ys: ys.map((f) => Array.from(idx, (i) => round2(f(i)))) };
  };
  const col = (a, scale = 1) => (i) => a[i] * scale;
  const greek = (a, at) => {
    const c = chart([a], [at]);
    const r = robustRange(n, at);
    if (r === null) return c;
    const pct = r.outsideFraction * 100;
    const outside = pct === 0 ? "spikes run off the chart" : `${pct < 0.1 ? "< 0.1" : pct.toFixed(1)}% of bars run off the chart`;
    return { ...c, y: { min: r.min, max: r.max, note: `Y-axis: ${ordinal(r.loPct)}\u2013${ordinal(r.hiPct)} percentile of bars; ${outside} (hover for values).` } };
  };
  const cashGamma = (i) => 0.5 * b.gamma[i] * b.spot[i] ** 2 * 1e-4;
  const ddNav = drawdownInto(new Float64Array(n), b.nav);
  const ddHold = drawdownInto(new Float64Array(n), b.navBuyAndHold);
  const holdPerShare = b.pps[0] / b.navBuyAndHold[0];
  const epochs = [...input.epochs].sort((p, q) => p.startMs - q.startMs);
  let e = 0;
  const strikeAt = (i) => {
    const t = b.tMs[i];
    while (e < epochs.length - 1 && t >= epochs[e + 1].startMs) e++;
    const ep = epochs[e];
    return ep !== void 0 && t >= ep.startMs && t <= ep.endMs ? ep.strike : NaN;
  };
  return {
    nav: chart([b.nav, b.navBuyAndHold], [col(b.nav), col(b.navBuyAndHold)]),
    pps: chart([b.pps, b.navBuyAndHold], [col(b.pps), col(b.navBuyAndHold, holdPerShare)]),
    spot: chart([b.spot], [col(b.spot), strikeAt]),
    drawdown: chart([ddNav, ddHold], [col(ddNav, 100), col(ddHold, 100)]),
    delta: greek(b.delta, col(b.delta)),
    gamma: greek(b.gamma, cashGamma),
    vega: greek(b.vega, col(b.vega, 1 / 100)),
    theta: greek(b.theta, col(b.theta, 1 / 365)),
    health: healthChart(b.health, (at) => chart([b.health], [at])),
    attribution: {
      x: input.attribution.map((r) => r.epoch),
      parts: ATTRIBUTION_PARTS.map((k) => input.attribution.map((r) => round2(r[k]) ?? 0)),
      total: input.attribution.map((r) => round2(r.total) ?? 0)
    },
    parts: [...ATTRIBUTION_PARTS]
  };
}

// backtest/report/displayFormat.ts
function formatNumber(x, decimals = 2) {
  if (x === null || x === void 0 || Number.isNaN(x)) return "\u2014";
  if (x === Infinity) return "\u221E";
  if (x === -Infinity) return "-\u221E";
  const text = x.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  return /^-[0.,]+$/.test(text) ? text.slice(1) : text;
}
function formatPercent(x, decimals = 2) {
  if (x === null || x === void 0 || Number.isNaN(x) || !Number.isFinite(x)) return formatNumber(x, decimals);
  return `${formatNumber(x * 100, decimals)}%`;
}
function formatTimeUtc(ms) {
  if (ms === null || ms === void 0 || !Number.isFinite(ms)) return "\u2014";
  return new Date(ms).toISOString().slice(0, 16).replace("T", " ");
}

// backtest/report/escapeHtml.ts
var HTML_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}
function jsonForScript(value) {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

// backtest/report/htmlParts.ts
function chartCard(id, title, noteHtml, wide = false) {
  return `<section class="card${wide ? " wide" : ""}"><h2>${escapeHtml(title)}</h2><p class="note">${noteHtml}</p><div class="chart" id="${id}"></div></section>`;
}
function kpiTile(label, value, bench, cls = "") {
  return `<div class="kpi"><div class="label">${escapeHtml(label)}</div><div class="value${cls === "" ? "" : ` ${cls}`}">${escapeHtml(value)}</div><div class="bench">${escapeHtml(bench)}</div></div>`;
}
function keyValueTable(id, pairs) {
  const body = pairs.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v === null ? "\u2014" : String(v))}</td></tr>`).join("\n");
  return `<table id="${id}" class="kv"><tbody>
${body}
</tbody></table>`;
}

// backtest/report/reportScript.ts
var REPORT_SCRIPT = `
(function () {
  'use strict';
  var body = document.body;
  try {
    var data = JSON.parse(document.getElementById('report-data').textContent);
    var PARTS = data.parts;
    var COLORS = { strategy: '#2563eb', hold: '#94a3b8', spot: '#0f172a', strike: '#f59e0b', dd: '#dc2626',
      greek: '#7c3aed', health: '#0d9488' };
    var PART_COLORS = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#0891b2', '#f59e0b', '#94a3b8'];
    var charts = [];
    // Legend values: at the cursor's bar, or the last bar's when the cursor is off the charts, so a glance (or a
    // printout) shows where the backtest ended instead of a row of dashes.
    var lastOf = function (arr) { for (var i = arr.length - 1; i >= 0; i--) if (arr[i] != null) return arr[i]; return null; };
    var fmt = function (digits, cap) {
      return function (u, v, si, idx) {
        if (idx == null) v = lastOf(u.data[si]);
        if (v == null) return '\u2014';
        return (cap != null && v >= cap ? '\u2265 ' : '') + v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
      };
    };
    var utc = function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); };
    var fmtTime = uPlot.fmtDate('{YYYY}-{MM}-{DD} {HH}:{mm}');
    var timeValue = function (u, v, si, idx) {
      if (idx == null) { v = lastOf(u.data[0]); if (v == null) return '\u2014'; return fmtTime(utc(v)) + ' (last bar)'; }
      return v == null ? '\u2014' : fmtTime(utc(v));
    };
    // axis ticks: 1.2M, 950k, 0.0035; fixed steps from uPlot make every tick on an axis the same length
    var compact = function (v) {
      var a = Math.abs(v), t = function (x) { return String(Number(x.toPrecision(4))); };
      if (a >= 1e9) return t(v / 1e9) + 'B';
      if (a >= 1e6) return t(v / 1e6) + 'M';
      if (a >= 1e4) return t(v / 1e3) + 'k';
      return t(v);
    };
    var yValues = function (u, splits) { return splits.map(function (v) { return v == null ? '' : compact(v); }); };
    var widthOf = function (el) { return Math.max(280, Math.floor(el.getBoundingClientRect().width)); };
    var line = function (label, stroke, extra) {
      var s = { label: label, stroke: stroke, width: 1.5, points: { show: false }, value: fmt(4) };
      for (var k in extra || {}) s[k] = extra[k];
      return s;
    };
    // A dashed horizontal line at a y value (the liquidation line on the health chart).
    var hline = function (y, color) {
      return function (u) {
        var py = u.valToPos(y, 'y', true);
        if (!(py >= u.bbox.top && py <= u.bbox.top + u.bbox.height)) return;
        var ctx = u.ctx;
        ctx.save();
        ctx.strokeStyle = color; ctx.lineWidth = 1.5 * devicePixelRatio; ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
        ctx.beginPath(); ctx.moveTo(u.bbox.left, py); ctx.lineTo(u.bbox.left + u.bbox.width, py); ctx.stroke();
        ctx.restore();
      };
    };

    function timeChart(id, name, series, o) {
      var c = data.time[name], d = { x: data.xs[c.xi], ys: c.ys };
      var el = document.getElementById(id);
      var draw = [function (u) {
        // the y-scale as drawn, for readers and tests: a clipped chart must not stretch past its clip
        el.setAttribute('data-y-min', String(u.scales.y.min));
        el.setAttribute('data-y-max', String(u.scales.y.max));
      }];
      if (o && o.hline) draw.unshift(hline(o.hline.y, o.hline.color));
      var scales = { x: { time: true } };
      if (c.y) scales.y = { range: [c.y.min, c.y.max] };
      var yAxis = { stroke: '#64748b', grid: { stroke: '#eef2f7' }, size: 60, values: yValues };
      var unit = data.units[name];
      if (unit) { yAxis.label = unit; yAxis.labelSize = 16; yAxis.labelFont = '11px sans-serif'; }
      var opts = {
        width: widthOf(el), height: (o && o.height) || 240,
        cursor: { sync: { key: 'optvault' } },
        scales: scales,
        series: [{ label: 'Time (UTC)', value: timeValue }].concat(series),
        axes: [{ stroke: '#64748b', grid: { stroke: '#eef2f7' } }, yAxis],
        hooks: { draw: draw },
        tzDate: utc,
      };
      var u = new uPlot(opts, [d.x].concat(d.ys), el);
      charts.push({ u: u, el: el, h: opts.height });
      return u;
    }

    timeChart('chart-nav', 'nav', [line('NAV', COLORS.strategy, { width: 2, value: fmt(0) }), line('Buy & hold', COLORS.hold, { value: fmt(0) })]);
    timeChart('chart-pps', 'pps', [line('Price per share', COLORS.strategy, { width: 2, value: fmt(2) }), line('Buy & hold per share', COLORS.hold, { value: fmt(2) })]);
    timeChart('chart-spot', 'spot', [line('Spot', COLORS.spot, { value: fmt(2) }),
      line('Strike', COLORS.strike, { width: 2, paths: uPlot.paths.stepped({ align: 1 }), dash: [6, 3], value: fmt(2) })]);
    timeChart('chart-drawdown', 'drawdown', [line('Strategy %', COLORS.dd, { fill: 'rgba(220,38,38,0.12)', value: fmt(2) }),
      line('Buy & hold %', COLORS.hold, { value: fmt(2) })]);
    timeChart('chart-delta', 'delta', [line('Delta', COLORS.greek)], { height: 170 });
    timeChart('chart-gamma', 'gamma', [line('Cash gamma per 1%', COLORS.greek, { value: fmt(2) })], { height: 170 });
    timeChart('chart-vega', 'vega', [line('Vega per vol pt', COLORS.greek, { value: fmt(2) })], { height: 170 });
    timeChart('chart-theta', 'theta', [line('Theta per day', COLORS.greek, { value: fmt(2) })], { height: 170 });
    timeChart('chart-health', 'health', [line('Health (equity / MM)', COLORS.health, { value: fmt(2, data.time.health.y && data.time.health.y.clippedAt) })],
      { height: 170, hline: { y: 1, color: COLORS.dd } });

    // Attribution: stacked bars per epoch drawn in a draw hook, positives stacked up from 0 and negatives down, with
    // a black tick at the epoch total. The series carry the values for the legend but draw nothing themselves.
    (function () {
      var a = data.attribution;
      var el = document.getElementById('chart-attribution');
      if (a.x.length === 0) { el.textContent = 'No epochs.'; return; }
      var lo = 0, hi = 0;
      for (var i = 0; i < a.x.length; i++) {
        var up = 0, dn = 0;
        for (var p = 0; p < a.parts.length; p++) { var v = a.parts[p][i]; if (v > 0) up += v; else dn += v; }
        hi = Math.max(hi, up, a.total[i]); lo = Math.min(lo, dn, a.total[i]);
      }
      var pad = (hi - lo) * 0.06 || 1;
      var series = [{ label: 'Epoch', value: function (u, v, si, idx) {
        if (idx == null) { v = lastOf(u.data[0]); return v == null ? '\u2014' : '#' + v + ' (last)'; }
        return v == null ? '\u2014' : '#' + v;
      } }];
      for (var q = 0; q < PARTS.length; q++) {
        series.push({ label: PARTS[q], stroke: PART_COLORS[q], fill: PART_COLORS[q], paths: function () { return null; },
          points: { show: false }, value: fmt(2) });
      }
      series.push({ label: 'total', stroke: '#0f172a', paths: function () { return null; }, points: { show: false }, value: fmt(2) });
      var drawBars = function (u) {
        var ctx = u.ctx, n = a.x.length;
        var x0 = u.valToPos(a.x[0], 'x', true), x1 = u.valToPos(a.x[n - 1], 'x', true);
        var step = n > 1 ? Math.abs(x1 - x0) / (n - 1) : u.bbox.width / 3;
        var w = Math.max(1, step * 0.7);
        var zero = u.valToPos(0, 'y', true);
        ctx.save();
        for (var i = 0; i < n; i++) {
          var cx = u.valToPos(a.x[i], 'x', true), up = 0, dn = 0;
          for (var p = 0; p < a.parts.length; p++) {
            if (!u.series[p + 1].show) continue;
            var v = a.parts[p][i]; if (v === 0) continue;
            var from = v > 0 ? up : dn, to = from + v;
            if (v > 0) up = to; else dn = to;
            var yA = u.valToPos(from, 'y', true), yB = u.valToPos(to, 'y', true);
            ctx.fillStyle = PART_COLORS[p];
            ctx.fillRect(cx - w / 2, Math.min(yA, yB), w, Math.max(1, Math.abs(yB - yA)));
          }
          if (u.series[a.parts.length + 1].show) {
            var yt = u.valToPos(a.total[i], 'y', true);
            ctx.fillStyle = '#0f172a';
            ctx.fillRect(cx - w / 2 - 1, yt - 1.5, w + 2, 3);
          }
        }
        ctx.strokeStyle = '#64748b'; ctx.lineWidth = 1;
        ctx.beginPath(); ctx.moveTo(u.bbox.left, zero); ctx.lineTo(u.bbox.left + u.bbox.width, zero); ctx.stroke();
        ctx.restore();
      };
      var opts = {
        width: widthOf(el), height: 300,
        scales: { x: { time: false, range: [a.x[0] - 0.7, a.x[a.x.length - 1] + 0.7] }, y: { range: [lo - pad, hi + pad] } },
        series: series,
        axes: [{ stroke: '#64748b', grid: { show: false }, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500] },
          { stroke: '#64748b', grid: { stroke: '#eef2f7' }, size: 60, values: yValues, label: data.units.attribution, labelSize: 16,
            labelFont: '11px sans-serif' }],
        hooks: { draw: [drawBars] },
      };
      var u = new uPlot(opts, [a.x].concat(a.parts).concat([a.total]), el);
      charts.push({ u: u, el: el, h: 300 });
    })();

    window.addEventListener('resize', function () {
      charts.forEach(function (c) { c.u.setSize({ width: widthOf(c.el), height: c.h }); });
    });
    body.setAttribute('data-charts', String(charts.length));
    body.setAttribute('data-ready', '1');
  } catch (e) {
    body.setAttribute('data-error', String(e && e.stack || e));
    throw e;
  }
})();
`;

// backtest/report/reportStyles.ts
var REPORT_CSS = `
:root { --ink: #0f172a; --muted: #64748b; --line: #e2e8f0; --bg: #f5f7fa; --card: #ffffff; --accent: #2563eb;
  --pos: #15803d; --neg: #b91c1c; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 14px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Liberation Sans", "DejaVu Sans", Arial, sans-serif; }
header { background: #0f172a; color: #f8fafc; padding: 22px 32px 18px; }
header h1 { margin: 0 0 4px; font-size: 22px; font-weight: 600; letter-spacing: .2px; }
header .sub { color: #94a3b8; font-size: 13px; }
main { padding: 20px 32px 40px; max-width: 1480px; margin: 0 auto; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin-bottom: 18px; }
.kpi { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.kpi .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .5px; }
.kpi .value { font-size: 22px; font-weight: 600; margin-top: 2px; font-variant-numeric: tabular-nums; }
.kpi .bench { color: var(--muted); font-size: 12px; }
.grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; margin-bottom: 16px; }
.grid.three { grid-template-columns: repeat(3, minmax(0, 1fr)); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px 10px; min-width: 0; }
.card h2 { font-size: 15px; font-weight: 600; margin: 0 0 2px; }
.card .note { color: var(--muted); font-size: 12px; margin: 0 0 8px; }
.card.wide { margin-bottom: 16px; }
.chart { width: 100%; min-height: 40px; }
.scroll { overflow: auto; max-height: 640px; } /* long backtests: the header row stays in view (sticky th) */
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; font-size: 13px; }
th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th { color: var(--muted); font-weight: 600; font-size: 12px; background: #f8fafc; position: sticky; top: 0; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
tbody tr:nth-child(even) { background: #fafbfc; }
tbody tr:hover { background: #eef2f7; }
td.pos { color: var(--pos); } td.neg { color: var(--neg); }
tfoot td { font-weight: 600; border-top: 2px solid var(--line); }
.kv td:first-child { color: var(--muted); }
.kv td { text-align: left; white-space: normal; overflow-wrap: anywhere; }
/* keys are single words: never break them ("strate gy"); the value column takes the rest and wraps long paths */
.kv td:first-child { white-space: nowrap; overflow-wrap: normal; width: 1%; padding-right: 18px; }
footer { color: var(--muted); font-size: 12px; padding: 0 32px 24px; max-width: 1480px; margin: 0 auto; }
.uplot { font-family: inherit; }
.u-legend { font-size: 12px; }
@media (max-width: 900px) { .grid, .grid.three { grid-template-columns: minmax(0, 1fr); } .kpis { grid-template-columns: repeat(2, 1fr); } }
`;

// backtest/report/uplotAssets.ts
import { readFileSync } from "node:fs";
import { createRequire as createRequire3 } from "node:module";
var cached;
function uplotAssets() {
  if (cached === void 0) {
    const require3 = createRequire3(import.meta.url);
    cached = {
      js: readFileSync(require3.resolve("uplot/dist/uPlot.iife.min.js"), "utf8"),
      css: readFileSync(require3.resolve("uplot/dist/uPlot.min.css"), "utf8")
    };
  }
  return cached;
}

// backtest/report/renderReport.ts
var BAR_FIELDS = ["tMs", "spot", "nav", "pps", "navBuyAndHold", "delta", "gamma", "vega", "theta", "health"];
function renderReport(input) {
  checkBars(input.bars);
  const { js, css } = uplotAssets();
  const s2 = input.summary.strategy;
  const h = input.summary.buyAndHold;
  const q = escapeHtml(input.quote);
  const count = (k, noun) => `${k.toLocaleString("en-US")} ${noun}${k === 1 ? "" : "s"}`;
  const sub = [
    `${formatTimeUtc(s2.startMs)} \u2192 ${formatTimeUtc(s2.endMs)} UTC`,
    count(s2.bars, "bar"),
    count(input.epochs.length, "epoch"),
    `NAV in ${input.quote}`
  ];
  if (input.generatedAtMs !== void 0) sub.push(`generated ${formatTimeUtc(input.generatedAtMs)} UTC`);
  const d = chartData(input);
  const note = (k, text) => d[k].y?.note ? `${text} ${escapeHtml(d[k].y.note)}` : text;
  const asset = input.asset === void 0 ? "units of the underlying" : escapeHtml(input.asset);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(input.title)}</title>
<style>${css}</style>
<style>${REPORT_CSS}</style>
</head>
<body>
<header><h1 id="title">${escapeHtml(input.title)}</h1><div class="sub">${sub.map(escapeHtml).join(" \xB7 ")}</div></header>
<main>
${kpis(s2, h, input.quote, input.accountingNav)}
<div class="grid">
${chartCard("chart-nav", "NAV vs buy-and-hold", `Quote currency (${q}); buy-and-hold starts with the same NAV.`)}
${chartCard("chart-pps", "Price per share vs buy-and-hold", `${q} per share; buy-and-hold rescaled to the first price per share.`)}
${chartCard("chart-spot", "Spot and strike", `Underlying in ${q}; dashed step: strike of the epoch in force.`)}
${chartCard("chart-drawdown", "Drawdown", "Percent below the running peak.")}
</div>
<div class="grid three">
${chartCard("chart-delta", "Delta", note("delta", `Book delta, ${asset}.`))}
${chartCard("chart-gamma", "Gamma", note("gamma", `Cash gamma: ${q} per 1% move (0.5 \u0393 S\xB2 / 10\u2074).`))}
${chartCard("chart-vega", "Vega", note("vega", `${q} per vol point.`))}
${chartCard("chart-theta", "Theta", note("theta", `${q} per day.`))}
${chartCard("chart-health", "Margin health", note("health", "Equity / maintenance margin; red dashed line: 1, liquidation. Gaps: no margin used."))}
</div>
${chartCard("chart-attribution", "P&L attribution per epoch", `${q}; stacked parts, black tick: epoch total. Residual = total \u2212 other parts.`, true)}
<div class="grid">
<section class="card"><h2>Summary</h2>${summaryTable(s2, h)}</section>
<section class="card"><h2>Configuration</h2>${configTable(input.config)}</section>
</div>
<section class="card wide"><h2>Attribution by epoch</h2><div class="scroll">${attributionTable(input)}</div></section>
<section class="card wide"><h2>Epochs</h2><p class="note">Prices and money in ${q}; coin amounts at the epoch's closing spot. Contracts in units of the underlying, negative when sold.</p><div class="scroll">${epochsTable(input)}</div></section>
</main>
<footer>optvault backtest report. All times UTC. Ratios use log returns and a 365-day year; Sortino's downside target is the risk-free rate (0 by default).</footer>
<script type="application/json" id="report-data">${jsonForScript(embeddedCharts(d, axisUnits(input)))}</script>
<script>${js}</script>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}
function axisUnits(input) {
  const q = input.quote;
  return {
    nav: q,
    pps: `${q} / share`,
    spot: q,
    drawdown: "%",
    delta: input.asset ?? "units",
    gamma: `${q} / 1%`,
    vega: `${q} / vol pt`,
    theta: `${q} / day`,
    health: "\xD7 MM",
    attribution: q
  };
}
var TIME_CHARTS = ["nav", "pps", "spot", "drawdown", "delta", "gamma", "vega", "theta", "health"];
function embeddedCharts(d, units) {
  const xs = [];
  const same = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);
  const time = {};
  for (const k of TIME_CHARTS) {
    let xi = xs.findIndex((x) => same(x, d[k].x));
    if (xi < 0) xi = xs.push(d[k].x) - 1;
    const y = d[k].y;
    time[k] = y === void 0 ? { xi, ys: d[k].ys } : { xi, ys: d[k].ys, y: { min: Number(y.min.toPrecision(6)), max: Number(y.max.toPrecision(6)), ...y.clippedAt === void 0 ? {} : { clippedAt: y.clippedAt } } };
  }
  return { xs, time, attribution: d.attribution, parts: d.parts, units };
}
function checkBars(b) {
  const n = b.tMs.length;
  if (n === 0) throw new MetricsInputError("bars.tMs", "is empty", "pass at least one bar");
  for (const f of BAR_FIELDS) {
    if (b[f].length !== n) throw new MetricsInputError(`bars.${f}`, `has ${b[f].length} values but bars.tMs has ${n}`);
  }
  for (let i = 1; i < n; i++) {
    if (!(b.tMs[i] > b.tMs[i - 1])) {
      throw new MetricsInputError(`bars.tMs[${i}]`, `must be after bars.tMs[${i - 1}] = ${b.tMs[i - 1]}, got ${b.tMs[i]}`);
    }
  }
}
var formatSignificant = (x) => Number.isFinite(x) ? Number(x.toPrecision(6)).toLocaleString("en-US", { maximumFractionDigits: 12 }) : formatNumber(x);
var signClass = (x) => x === null || Number.isNaN(x) || x === 0 ? "" : x > 0 ? "pos" : "neg";
function kpis(s2, h, quote, acc) {
  return `<div class="kpis">
${kpiTile("Total return", formatPercent(s2.totalReturn), `buy & hold ${formatPercent(h.totalReturn)}`)}
${kpiTile("CAGR", formatPercent(s2.cagr), `buy & hold ${formatPercent(h.cagr)}`)}
${kpiTile("Sharpe", formatNumber(s2.sharpe), `buy & hold ${formatNumber(h.sharpe)}`)}
${kpiTile("Max drawdown", formatPercent(s2.maxDrawdown), `buy & hold ${formatPercent(h.maxDrawdown)}`)}
${kpiTile("Volatility", formatPercent(s2.annualizedVol), `buy & hold ${formatPercent(h.annualizedVol)}`)}
${kpiTile("Final NAV", formatNumber(s2.endNav, 0), `${quote}, from ${formatNumber(s2.startNav, 0)}`)}
${acc === void 0 ? "" : kpiTile(`Return in ${acc.unit}`, formatPercent(acc.end / acc.start - 1), `NAV ${formatSignificant(acc.start)} \u2192 ${formatSignificant(acc.end)} ${acc.unit}`)}
</div>`;
}
function summaryTable(s2, h) {
  const rows = [
    ["Total return", (p) => formatPercent(p.totalReturn)],
    ["CAGR", (p) => formatPercent(p.cagr)],
    ["Annualised volatility", (p) => formatPercent(p.annualizedVol)],
    ["Sharpe", (p) => formatNumber(p.sharpe)],
    ["Sortino", (p) => formatNumber(p.sortino)],
    ["Max drawdown", (p) => formatPercent(p.maxDrawdown)],
    ["Drawdown peak", (p) => formatTimeUtc(p.maxDrawdownPeakMs)],
    ["Drawdown trough", (p) => formatTimeUtc(p.maxDrawdownTroughMs)],
    ["Recovered", (p) => p.maxDrawdownTroughMs === null ? "\u2014" : p.maxDrawdownRecoveryMs === null ? "not yet" : formatTimeUtc(p.maxDrawdownRecoveryMs)],
    ["Calmar", (p) => formatNumber(p.calmar)],
    ["Start NAV", (p) => formatNumber(p.startNav)],
    ["End NAV", (p) => formatNumber(p.endNav)],
    ["Years", (p) => formatNumber(p.years, 3)],
    ["Bars per year", (p) => formatNumber(p.barsPerYear, 0)]
  ];
  const body = rows.map(([label, f]) => `<tr><td>${escapeHtml(label)}</td><td>${escapeHtml(f(s2))}</td><td>${escapeHtml(f(h))}</td></tr>`).join("\n");
  return `<table id="summary"><thead><tr><th>Metric</th><th>Strategy</th><th>Buy &amp; hold</th></tr></thead><tbody>
${body}
</tbody></table>`;
}
function configTable(config) {
  const pairs = isLines(config) ? config.map((line) => {
    const m = /^(\S+)\s+(.*)$/.exec(line.trim());
    return m === null ? [line.trim(), ""] : [m[1], m[2]];
  }) : Object.entries(config);
  return keyValueTable("config", pairs);
}
var isLines = (c) => Array.isArray(c);
function attributionTable(input) {
  const head = ATTRIBUTION_COLUMNS.map((c) => `<th>${c}</th>`).join("");
  const cell = (x) => `<td class="${signClass(x)}">${formatNumber(x)}</td>`;
  const row = (r, label) => `<tr><td>${label}</td>${ATTRIBUTION_COLUMNS.slice(1).map((c) => cell(r[c])).join("")}</tr>`;
  const body = input.attribution.map((r) => row(r, `#${r.epoch}`)).join("\n");
  const foot = input.attribution.length > 0 ? `<tfoot>${row(totalAttribution(input.attribution), "all")}</tfoot>` : "";
  return `<table id="attribution"><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody>${foot}</table>`;
}
function epochsTable(input) {
  const cols = [
    ["epoch", (e) => `#${e.epoch}`],
    ["start", (e) => formatTimeUtc(e.startMs)],
    ["end", (e) => formatTimeUtc(e.endMs)],
    ["type", (e) => escapeHtml(e.type)],
    ["strike", (e) => formatNumber(e.strike, Number.isInteger(e.strike) ? 0 : 2)],
    ["expiry", (e) => formatTimeUtc(e.expiryMs)],
    ["contracts", (e) => formatNumber(e.contracts, 4)],
    ["premium", (e) => formatNumber(e.premium), true],
    ["settlement price", (e) => formatNumber(e.settlementPrice)],
    ["option P&L", (e) => formatNumber(e.optionPnl), true],
    ["hedge P&L", (e) => formatNumber(e.hedgePnl), true],
    ["fees", (e) => formatNumber(e.fees), true],
    ["P&L", (e) => formatNumber(e.pnl), true],
    ["NAV start", (e) => formatNumber(e.navStart)],
    ["NAV end", (e) => formatNumber(e.navEnd)],
    ["PPS end", (e) => formatNumber(e.ppsEnd, 4)]
  ];
  const signed = {
    premium: "premium",
    "option P&L": "optionPnl",
    "hedge P&L": "hedgePnl",
    fees: "fees",
    "P&L": "pnl"
  };
  const head = cols.map(([c]) => `<th${c === "type" ? ' class="text"' : ""}>${escapeHtml(c)}</th>`).join("");
  const body = input.epochs.map((e) => `<tr>${cols.map(([c, f, isSigned]) => {
    const key = signed[c];
    const cls = c === "type" ? "text" : isSigned === true && key !== void 0 ? signClass(e[key]) : "";
    return `<td${cls === "" ? "" : ` class="${cls}"`}>${f(e)}</td>`;
  }).join("")}</tr>`).join("\n");
  return `<table id="epochs"><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table>`;
}

// backtest/metrics/buyAndHoldNav.ts
function buyAndHoldNav(spot, startNav, out = new Float64Array(spot.length)) {
  const s0 = spot[0];
  if (s0 === void 0 || !(s0 > 0) || s0 === Infinity) throw new MetricsInputError("spot[0]", `must be a positive finite price, got ${s0}`);
  const units = startNav / s0;
  for (let i = 0; i < spot.length; i++) out[i] = units * spot[i];
  return out;
}

// backtest/attribution/attributePnl.ts
function attributePnl(input) {
  const n = input.tMs.length;
  const { tMs, spot, sigma, delta, gamma, vega, theta, pnl, epoch, vanna, volga } = input;
  const fees = input.costs?.fees, slippage = input.costs?.slippage, gas = input.costs?.gas, funding = input.costs?.funding;
  const cols = [
    ["tMs", tMs],
    ["spot", spot],
    ["sigma", sigma],
    ["delta", delta],
    ["gamma", gamma],
    ["vega", vega],
    ["theta", theta],
    ["pnl", pnl],
    ["epoch", epoch],
    ["vanna", vanna],
    ["volga", volga],
    ["costs.fees", fees],
    ["costs.slippage", slippage],
    ["costs.gas", gas],
    ["costs.funding", funding]
  ];
  for (const [name, c] of cols) {
    if (c === void 0) continue;
    if (c.length !== n) throw new MetricsInputError(name, `has ${c.length} values but tMs has ${n}`, "pass one value per bar");
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(c[i])) throw new MetricsInputError(`${name}[${i}]`, `must be finite, got ${c[i]}`);
    }
  }
  const rows = [];
  if (n === 0) return rows;
  let current = epoch[0];
  let sD = 0, sG = 0, sT = 0, sV = 0, sX = 0, sC = 0, sP = 0;
  for (let i = 0; i < n; i++) {
    const e = epoch[i];
    if (e !== current) {
      if (e < current) throw new MetricsInputError(`epoch[${i}]`, `must not decrease, got ${e} after ${current}`);
      rows.push(balanceRow(current, { delta: sD, gamma: sG, theta: sT, vega: sV, cross: sX, costs: sC }, sP));
      current = e;
      sD = sG = sT = sV = sX = sC = sP = 0;
    }
    if (i > 0) {
      const j = i - 1;
      const dS = spot[i] - spot[j];
      const dSig = sigma[i] - sigma[j];
      sD += delta[j] * dS;
      sG += 0.5 * gamma[j] * dS * dS;
      sV += vega[j] * dSig;
      sT += theta[j] * ((tMs[i] - tMs[j]) / MS_PER_YEAR);
      if (vanna !== void 0) sX += vanna[j] * dS * dSig;
      if (volga !== void 0) sX += 0.5 * volga[j] * dSig * dSig;
    }
    if (fees !== void 0) sC += fees[i];
    if (slippage !== void 0) sC += slippage[i];
    if (gas !== void 0) sC += gas[i];
    if (funding !== void 0) sC += funding[i];
    sP += pnl[i];
  }
  rows.push(balanceRow(current, { delta: sD, gamma: sG, theta: sT, vega: sV, cross: sX, costs: sC }, sP));
  return rows;
}

// backtest/outputs/csvFormat.ts
function csvNumber(x) {
  if (Number.isNaN(x)) return "";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return "0";
  return String(Number(x.toPrecision(12)));
}
function csvTime(ms) {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : "";
}
function csvText(s2) {
  return /[",\n\r]/.test(s2) ? `"${s2.replace(/"/g, '""')}"` : s2;
}

// backtest/outputs/attributionFor.ts
function attributionFor(r) {
  const e = r.equity;
  const n = e.tMs.length;
  const navQuote = navQuoteOf(r);
  const flow = denseColumn(n, e.flowBars, e.flowQuote);
  const pnl = new Float64Array(n);
  for (let i = 1; i < n; i++) pnl[i] = navQuote[i] - navQuote[i - 1] - flow[i];
  const sigma = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = e.vol[i];
    sigma[i] = Number.isFinite(v) ? v : 0;
  }
  const input = {
    tMs: e.tMs,
    spot: e.spot,
    sigma,
    delta: e.delta,
    gamma: e.gamma,
    vega: e.vega,
    theta: e.theta,
    pnl,
    costs: { fees: denseColumn(n, e.costBars, e.costQuote) },
    epoch: e.epoch
  };
  return attributePnl(input);
}
function attributionCsv(rows) {
  const out = [ATTRIBUTION_COLUMNS.join(",")];
  for (const r of rows) out.push(ATTRIBUTION_COLUMNS.map((c) => c === "epoch" ? String(r.epoch) : csvNumber(r[c])).join(","));
  return out.join("\n") + "\n";
}

// backtest/metrics/annualizedVol.ts
function annualizedVol(stats, barsPerYear2) {
  if (barsPerYear2 === null || !(stats.count >= 2)) return null;
  return stats.std * Math.sqrt(barsPerYear2);
}

// backtest/metrics/barsPerYear.ts
function spanYears(tMs) {
  return tMs.length < 2 ? 0 : (tMs[tMs.length - 1] - tMs[0]) / MS_PER_YEAR;
}
function barsPerYear(tMs) {
  const years = spanYears(tMs);
  return years > 0 ? (tMs.length - 1) / years : null;
}

// backtest/metrics/cagr.ts
function cagr(totalReturn, years) {
  if (!(years > 0)) return null;
  return Math.pow(1 + totalReturn, 1 / years) - 1;
}

// backtest/metrics/safeRatio.ts
function safeRatio(num, den) {
  if (num === null || den === null || Number.isNaN(num) || Number.isNaN(den)) return null;
  if (den === 0) return num === 0 ? null : num > 0 ? Infinity : -Infinity;
  return num / den;
}

// backtest/metrics/calmarRatio.ts
function calmarRatio(cagr2, maxDrawdown2) {
  return safeRatio(cagr2, Math.abs(maxDrawdown2));
}

// backtest/metrics/checkEquityCurve.ts
function checkEquityCurve(tMs, nav, navName = "nav") {
  if (tMs.length === 0) throw new MetricsInputError("tMs", "is empty", "pass at least one bar");
  if (nav.length !== tMs.length) {
    throw new MetricsInputError(navName, `has ${nav.length} values but tMs has ${tMs.length}`, "pass one value per bar");
  }
  const i = firstBadBar(tMs, nav);
  if (i >= 0) throw badBarError(tMs, nav, navName, i);
}
function firstBadBar(tMs, nav) {
  let prev = -Infinity;
  for (let i = 0; i < tMs.length; i++) {
    const t = tMs[i];
    const v = nav[i];
    if (!Number.isFinite(t) || !(t > prev) || !(v > 0) || v === Infinity) return i;
    prev = t;
  }
  return -1;
}
function badBarError(tMs, nav, navName, i) {
  const t = tMs[i];
  if (!Number.isFinite(t)) return new MetricsInputError(`tMs[${i}]`, `must be a finite time in ms UTC, got ${t}`);
  if (i > 0 && !(t > tMs[i - 1])) {
    return new MetricsInputError(`tMs[${i}]`, `must be after tMs[${i - 1}] = ${tMs[i - 1]}, got ${t}`, "sort bars by time and drop duplicates");
  }
  return new MetricsInputError(`${navName}[${i}]`, `must be a positive finite number, got ${nav[i]}`);
}

// backtest/metrics/logReturnStats.ts
var NOISE_ULPS = 64 * Number.EPSILON;
function logReturnStats(nav, targetPerBar = 0) {
  const count = Math.max(nav.length - 1, 0);
  accumulate(nav, targetPerBar);
  const mean = sumMean;
  let std = count >= 2 ? Math.sqrt(sumM2 / (count - 1)) : NaN;
  if (std <= NOISE_ULPS * Math.abs(mean)) std = 0;
  return { count, mean: count > 0 ? mean : NaN, std, downsideDeviation: count > 0 ? Math.sqrt(sumDown2 / count) : NaN };
}
var sumMean = 0;
var sumM2 = 0;
var sumDown2 = 0;
function accumulate(nav, targetPerBar) {
  let mean = 0;
  let m2 = 0;
  let down2 = 0;
  for (let i = 1; i < nav.length; i++) {
    const r = Math.log(nav[i] / nav[i - 1]);
    const d = r - mean;
    mean += d / i;
    m2 += d * (r - mean);
    const below = r - targetPerBar;
    const short = 0.5 * (below - Math.abs(below));
    down2 += short * short;
  }
  sumMean = mean;
  sumM2 = m2;
  sumDown2 = down2;
}

// backtest/metrics/maxDrawdown.ts
function maxDrawdown(tMs, nav) {
  scan(nav);
  if (worstAt < 0) return { maxDrawdown: 0, peakMs: null, troughMs: null, recoveryMs: null };
  return {
    maxDrawdown: worst,
    peakMs: tMs[worstPeakAt],
    troughMs: tMs[worstAt],
    recoveryMs: recoveryAt < 0 ? null : tMs[recoveryAt]
  };
}
var worst = 0;
var worstPeakAt = -1;
var worstAt = -1;
var recoveryAt = -1;
function scan(nav) {
  let peak = -Infinity;
  let peakAt = -1;
  let lo = 0;
  let loPeakAt = -1;
  let loAt = -1;
  let backAt = -1;
  let loPeak = Infinity;
  for (let i = 0; i < nav.length; i++) {
    const v = nav[i];
    if (v >= loPeak && backAt < 0) backAt = i;
    if (v > peak) {
      peak = v;
      peakAt = i;
      continue;
    }
    const dd = v / peak - 1;
    if (dd < lo) {
      lo = dd;
      loAt = i;
      loPeakAt = peakAt;
      loPeak = peak;
      backAt = -1;
    }
  }
  worst = lo;
  worstPeakAt = loPeakAt;
  worstAt = loAt;
  recoveryAt = backAt;
}

// backtest/metrics/sharpeRatio.ts
function sharpeRatio(stats, barsPerYear2, riskFreeRate = 0) {
  if (barsPerYear2 === null || !(stats.count >= 2)) return null;
  return safeRatio(stats.mean * barsPerYear2 - riskFreeRate, stats.std * Math.sqrt(barsPerYear2));
}

// backtest/metrics/sortinoRatio.ts
function sortinoRatio(stats, barsPerYear2, riskFreeRate = 0) {
  if (barsPerYear2 === null || !(stats.count >= 1)) return null;
  return safeRatio(stats.mean * barsPerYear2 - riskFreeRate, stats.downsideDeviation * Math.sqrt(barsPerYear2));
}

// backtest/metrics/summarize.ts
function summarize(curve, o = {}) {
  const { tMs, nav } = curve;
  checkEquityCurve(tMs, nav);
  const rf = o.riskFreeRate ?? 0;
  const n = nav.length;
  const startNav = nav[0];
  const endNav = nav[n - 1];
  const years = spanYears(tMs);
  const bpy = barsPerYear(tMs);
  const stats = logReturnStats(nav, bpy === null ? 0 : rf / bpy);
  const totalReturn = endNav / startNav - 1;
  const growth = cagr(totalReturn, years);
  const dd = maxDrawdown(tMs, nav);
  return {
    startMs: tMs[0],
    endMs: tMs[n - 1],
    bars: n,
    years,
    barsPerYear: bpy,
    startNav,
    endNav,
    totalReturn,
    cagr: growth,
    annualizedVol: annualizedVol(stats, bpy),
    sharpe: sharpeRatio(stats, bpy, rf),
    sortino: sortinoRatio(stats, bpy, rf),
    maxDrawdown: dd.maxDrawdown,
    maxDrawdownPeakMs: dd.peakMs,
    maxDrawdownTroughMs: dd.troughMs,
    maxDrawdownRecoveryMs: dd.recoveryMs,
    calmar: calmarRatio(growth, dd.maxDrawdown)
  };
}
function summarizeVsBuyAndHold(input, o = {}, benchOut) {
  const strategy = summarize(input, o);
  const bench = buyAndHoldNav(input.spot, strategy.startNav, benchOut);
  return { strategy, buyAndHold: summarize({ tMs: input.tMs, nav: bench }, o) };
}

// backtest/outputs/backtestSummary.ts
function backtestSummary(r, navQuote = navQuoteOf(r), scratch5) {
  const e = r.equity;
  const m = summarizeVsBuyAndHold({ tMs: e.tMs, nav: navQuote, spot: e.spot }, {}, scratch5);
  const sum = (f) => r.epochs.reduce((a, x) => a + f(x), 0);
  const settled = r.epochs.filter((x) => x.settled);
  const n = e.tMs.length;
  const navStart = e.nav[0];
  const navEnd = e.nav[n - 1];
  return {
    strategy: r.strategy,
    runId: r.runId,
    asset: r.asset,
    quote: r.quote,
    unit: r.unitSymbol,
    bars: r.bars,
    start: new Date(e.tMs[0]).toISOString(),
    end: new Date(e.tMs[n - 1] + r.barMs).toISOString(),
    metrics: m.strategy,
    buyAndHold: m.buyAndHold,
    vault: {
      navStart,
      navEnd,
      totalReturn: navEnd / navStart - 1,
      ppsEnd: e.pps[n - 1],
      premiumCollected: r.totals.optionCash,
      optionPnl: sum((x) => x.optionPnl),
      hedgePnl: r.totals.hedge,
      fees: r.totals.fees,
      gas: r.totals.gas,
      funding: r.totals.funding,
      vaultFees: sum((x) => x.vaultFees),
      turnoverQuote: r.totals.turnoverQuote,
      trades: r.trades.filter((t) => t.kind === "option" || t.kind === "hedge").length,
      liquidations: r.liquidations,
      refusedOrders: r.refusedOrders,
      epochs: settled.length,
      epochsWon: settled.filter((x) => x.pnl > 0).length,
      epochsLost: settled.filter((x) => x.pnl < 0).length
    }
  };
}
function summaryJson(s2) {
  return JSON.stringify(s2, (_k, v) => typeof v === "number" && !Number.isFinite(v) ? String(v) : v, 2) + "\n";
}

// backtest/outputs/epochsCsv.ts
var EPOCH_COLUMNS = [
  "epoch",
  "start",
  "end",
  "type",
  "strike",
  "expiry",
  "contracts",
  "premium",
  "settlement_price",
  "option_pnl",
  "hedge_pnl",
  "fees",
  "pnl",
  "nav_start",
  "nav_end",
  "pps_end"
];
var EPOCH_EXTRA_COLUMNS = ["funding", "gas", "vault_fees", "flows", "turnover_quote", "trades", "status"];
function epochsCsv(rows) {
  const out = [[...EPOCH_COLUMNS, ...EPOCH_EXTRA_COLUMNS].join(",")];
  for (const r of rows) {
    out.push([
      String(r.epoch),
      csvTime(r.startMs),
      csvTime(r.endMs),
      csvText(r.type),
      csvNumber(r.strike),
      csvTime(r.expiryMs),
      csvNumber(r.contracts),
      csvNumber(r.premium),
      csvNumber(r.settlementPrice),
      csvNumber(r.optionPnl),
      csvNumber(r.hedgePnl),
      csvNumber(r.fees),
      csvNumber(r.pnl),
      csvNumber(r.navStart),
      csvNumber(r.navEnd),
      csvNumber(r.ppsEnd),
      csvNumber(r.funding),
      csvNumber(r.gas),
      csvNumber(r.vaultFees),
      csvNumber(r.flows),
      csvNumber(r.turnoverQuote),
      String(r.trades),
      r.settled ? "settled" : "open"
    ].join(","));
  }
  return out.join("\n") + "\n";
}

// backtest/outputs/equityCsv.ts
var EQUITY_COLUMNS = ["ts", "spot", "nav", "pps", "delta", "gamma", "vega", "theta", "health"];
function equityCsv(e) {
  const n = e.tMs.length;
  const parts = [EQUITY_COLUMNS.join(",")];
  for (let i = 0; i < n; i++) {
    parts.push(`${csvTime(e.tMs[i])},${csvNumber(e.spot[i])},${csvNumber(e.nav[i])},${csvNumber(e.pps[i])},${csvNumber(e.delta[i])},${csvNumber(e.gamma[i])},${csvNumber(e.vega[i])},${csvNumber(e.theta[i])},${csvNumber(e.health[i])}`);
  }
  return parts.join("\n") + "\n";
}

// backtest/outputs/tradesCsv.ts
var TRADE_COLUMNS = ["ts", "instrument", "side", "qty", "price", "fee", "kind", "reason"];
function tradesCsv(rows) {
  const out = [TRADE_COLUMNS.join(",")];
  for (const t of rows) {
    out.push([csvTime(t.tMs), csvText(t.instrument), t.side, csvNumber(t.qty), csvNumber(t.price), csvNumber(t.fee), t.kind, csvText(t.reason)].join(","));
  }
  return out.join("\n") + "\n";
}

// backtest/outputs/backtestFiles.ts
function backtestFiles(r, title, config) {
  const navQuote = navQuoteOf(r);
  const summary = backtestSummary(r, navQuote);
  const attribution = attributionFor(r);
  const e = r.equity;
  const n = e.tMs.length;
  const pps = new Float64Array(n);
  for (let i = 0; i < n; i++) pps[i] = r.unit === "asset" ? e.pps[i] * e.spot[i] : e.pps[i];
  const endSpot = (ms) => {
    let j = n - 1;
    while (j > 0 && e.tMs[j] + r.barMs > ms) j--;
    return e.spot[j];
  };
  const epochs = r.epochs.map((x) => {
    const c = r.unit === "asset" ? endSpot(x.endMs) : 1;
    const c0 = r.unit === "asset" ? endSpot(x.startMs) : 1;
    return {
      epoch: x.epoch,
      startMs: x.startMs,
      endMs: x.endMs,
      type: x.type,
      strike: x.strike,
      expiryMs: x.expiryMs,
      contracts: x.contracts,
      premium: x.premium * c,
      settlementPrice: x.settlementPrice,
      optionPnl: x.optionPnl * c,
      hedgePnl: x.hedgePnl * c,
      fees: -x.fees * c,
      pnl: x.navEnd * c - x.navStart * c0,
      navStart: x.navStart * c0,
      navEnd: x.navEnd * c,
      ppsEnd: x.ppsEnd * c
    };
  });
  const html = renderReport({
    title,
    quote: r.quote,
    asset: r.asset,
    config,
    ...r.unit === "asset" ? { accountingNav: { unit: r.unitSymbol, start: e.nav[0], end: e.nav[n - 1] } } : {},
    bars: {
      tMs: e.tMs,
      spot: e.spot,
      nav: navQuote,
      pps,
      navBuyAndHold: buyAndHoldNav(e.spot, navQuote[0]),
      delta: e.delta,
      gamma: e.gamma,
      vega: e.vega,
      theta: e.theta,
      health: e.health
    },
    epochs,
    attribution,
    summary: { strategy: summary.metrics, buyAndHold: summary.buyAndHold }
  });
  return {
    summary,
    files: {
      "summary.json": summaryJson(summary),
      "epochs.csv": epochsCsv(r.epochs),
      "trades.csv": tradesCsv(r.trades),
      "equity.csv": equityCsv(e),
      "attribution.csv": attributionCsv(attribution),
      "report.html": html
    }
  };
}

// backtest/sweep/configWithParams.ts
import { parseDocument as parseDocument2 } from "yaml";
function configWithParams(text, params) {
  if (Object.keys(params).length === 0) return text;
  const doc = parseDocument2(text);
  for (const [path, value] of Object.entries(params)) doc.setIn(path.split("."), value);
  return doc.toString();
}

// backtest/sweep/summaryMetrics.ts
function summaryMetrics(s2) {
  const m = s2.metrics;
  const b = s2.buyAndHold;
  const v = s2.vault;
  const f = (x) => x === null || !Number.isFinite(x) ? null : x;
  return {
    totalReturn: f(m.totalReturn),
    cagr: f(m.cagr),
    annualizedVol: f(m.annualizedVol),
    sharpe: f(m.sharpe),
    sortino: f(m.sortino),
    maxDrawdown: f(m.maxDrawdown),
    calmar: f(m.calmar),
    "bh.totalReturn": f(b.totalReturn),
    "bh.sharpe": f(b.sharpe),
    "bh.maxDrawdown": f(b.maxDrawdown),
    "vault.navEnd": f(v.navEnd),
    "vault.totalReturn": f(v.totalReturn),
    "vault.premiumCollected": f(v.premiumCollected),
    "vault.optionPnl": f(v.optionPnl),
    "vault.hedgePnl": f(v.hedgePnl),
    "vault.fees": f(v.fees),
    "vault.gas": f(v.gas),
    "vault.funding": f(v.funding),
    "vault.vaultFees": f(v.vaultFees),
    "vault.trades": v.trades,
    "vault.liquidations": v.liquidations,
    "vault.refusedOrders": v.refusedOrders,
    "vault.epochs": v.epochs,
    "vault.epochsWon": v.epochsWon,
    "vault.epochsLost": v.epochsLost
  };
}

// backtest/sweep/runSweepJob.ts
var strategies = /* @__PURE__ */ new Map();
var idleColumns = [];
var builtInNames;
var parsedConfigs = /* @__PURE__ */ new Map();
var PARSED_CONFIGS_MAX = 1024;
async function runSweepJob(job2, data2) {
  const t0 = performance.now();
  let columns;
  try {
    const { strategy, config } = await parsedConfig(job2);
    if (config.iv.source === "chain") throw new OptvaultError("iv.source is chain, which the backtester does not price from yet.", { fix: "use iv.source: index, realized or constant." });
    const bars = windowBars(data2.bars, job2.window, config.data?.fromMs, config.data?.toMs);
    columns = idleColumns.pop() ?? new ColumnReuse();
    const result = await runBacktest({
      config,
      strategy,
      params: config.strategy.params,
      bars,
      barMs: data2.barMs,
      columns,
      ...config.iv.source === "index" && data2.vol ? { vol: data2.vol } : {},
      ...data2.funding ? { funding: data2.funding } : {},
      ...data2.gas ? { gas: data2.gas } : {}
    });
    const n = result.equity.nav.length;
    const navQuote = navQuoteOf(result, job2.withEquity ? new Float64Array(n) : columns.float64(n));
    const summary = backtestSummary(result, navQuote, columns.float64(n));
    const files = job2.withFiles ? backtestFiles(result, `${strategy.name} ${paramLabel(job2)}`, { ...job2.params }).files : void 0;
    return {
      id: job2.id,
      metrics: summaryMetrics(summary),
      ms: performance.now() - t0,
      ...files ? { files } : {},
      ...job2.withEquity ? { equity: { tMs: Float64Array.from(result.equity.tMs), nav: navQuote } } : {}
    };
  } catch (e) {
    return { id: job2.id, metrics: {}, error: errorText(e), ms: performance.now() - t0 };
  } finally {
    if (columns !== void 0) idleColumns.push(columns);
  }
}
async function parsedConfig(job2) {
  const cacheKey = `${job2.configFile}\0${JSON.stringify(job2.params)}\0${job2.configText}`;
  const hit = parsedConfigs.get(cacheKey);
  if (hit !== void 0) return { strategy: hit.strategy, config: structuredClone(hit.config) };
  const text = configWithParams(job2.configText, job2.params);
  const ref = strategyRef(text, job2.configFile);
  const key = JSON.stringify(ref);
  let pending = strategies.get(key);
  if (pending === void 0) {
    pending = loadStrategy(ref);
    strategies.set(key, pending);
    pending.catch(() => strategies.delete(key));
  }
  const strategy = await pending;
  builtInNames ??= builtInStrategies().then((b) => Object.keys(b));
  const knownStrategies = await builtInNames;
  const config = parseConfigText(text, job2.configFile, { checkFiles: false, knownStrategies, strategyParamsSchema: () => strategy.params });
  if (parsedConfigs.size >= PARSED_CONFIGS_MAX) parsedConfigs.clear();
  parsedConfigs.set(cacheKey, { strategy, config: structuredClone(config) });
  return { strategy, config };
}
function errorText(e) {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split("\n").map((s2) => s2.trim()).filter(Boolean).join(" | ");
}
function paramLabel(job2) {
  return Object.entries(job2.params).map(([k, v]) => `${k}=${String(v)}`).join(" ");
}
function strategyRef(text, file2) {
  const s2 = parse(text)?.strategy;
  if (s2 && typeof s2.path === "string") return { path: isAbsolute2(s2.path) ? s2.path : resolve3(dirname2(file2), s2.path) };
  if (s2 && typeof s2.name === "string") return { name: s2.name };
  throw new OptvaultError("strategy.name is missing.", { where: file2, fix: "name a built-in strategy or a plugin path." });
}
function windowBars(b, w, fromMs, toMs) {
  const lo = Math.max(w?.fromMs ?? -Infinity, fromMs ?? -Infinity);
  const hiIncl = toMs ?? Infinity;
  const hiExcl = w?.toMs ?? Infinity;
  let i = 0;
  let j = b.length;
  while (i < j && b.tMs[i] < lo) i++;
  while (j > i && (b.tMs[j - 1] > hiIncl || b.tMs[j - 1] >= hiExcl)) j--;
  if (i === 0 && j === b.length) return b;
  const v = (a) => a.subarray(i, j);
  return { length: j - i, tMs: v(b.tMs), open: v(b.open), high: v(b.high), low: v(b.low), close: v(b.close), volume: v(b.volume) };
}

// backtest/sweep/sharedData.ts
import { createHash as createHash2 } from "node:crypto";

// data/read/loadSeries.ts
import { closeSync as closeSync4, existsSync as existsSync3, openSync as openSync4, readFileSync as readFileSync2, readSync as readSync3 } from "node:fs";
import { basename as basename4 } from "node:path";

// data/barColumns.ts
function seriesKindOf(s2) {
  if ("open" in s2) return "bars";
  if ("instrument" in s2) return "chain";
  if ("vol" in s2) return "vol";
  if ("rate" in s2) return "funding";
  return "gas";
}

// data/formats/detectFormat.ts
import { extname as extname2 } from "node:path";
function detectFormat(file2, head) {
  if (extname2(file2).toLowerCase() === ".parquet" || head.startsWith("PAR1")) return { format: "parquet", kind: void 0, headerLine: 0 };
  const trimmed = head.trimStart();
  if (trimmed.startsWith("[")) {
    const m = /^\[\s*\[([^\]]*)\]/.exec(trimmed);
    const width = m === null ? 0 : m[1].split(",").length;
    if (width >= 6) return { format: "binance-klines-json", kind: "bars", headerLine: 0 };
    if (width === 5) return { format: "deribit-dvol-candles-json", kind: "vol", headerLine: 0 };
    return { format: "pairs-json", kind: void 0, headerLine: 0 };
  }
  const lines = head.replace(/^\uFEFF/, "").split(/\r?\n/);
  const banner = /cryptodatadownload/i.test(lines[0] ?? "");
  const headerLine = banner ? 2 : 1;
  const header = (lines[headerLine - 1] ?? "").split(",").map((h) => h.trim());
  const has = (...cs) => cs.every((c) => header.includes(c));
  if (banner || has("unix", "open", "close")) return { format: "cryptodatadownload-csv", kind: "bars", headerLine };
  if (has("Date", "Open", "High", "Low", "Close")) return { format: "yahoo-csv", kind: "bars", headerLine };
  if (has("instrument_name")) return { format: "deribit-chain-csv", kind: "chain", headerLine };
  if (has("ts", "open", "high", "low", "close")) return { format: "bars-csv", kind: "bars", headerLine };
  if (has("ts", "instrument")) return { format: "chain-csv", kind: "chain", headerLine };
  if (has("ts", "vol")) return { format: "vol-csv", kind: "vol", headerLine };
  if (has("ts", "rate")) return { format: "funding-csv", kind: "funding", headerLine };
  if (has("ts", "gwei")) return { format: "gas-csv", kind: "gas", headerLine };
  return void 0;
}

// engine/errors/data.ts
var DataError = class extends InputError {
  constructor(file2, line, column, problem, fix) {
    super(`${file2}:${line}:${column}`, column, problem, fix);
    this.file = file2;
    this.line = line;
    this.column = column;
  }
  file;
  line;
  column;
  name = "DataError";
};

// data/validate/dataProblem.ts
var ProblemSink = class {
  constructor(keep = 200) {
    this.keep = keep;
  }
  keep;
  keptErrors = [];
  keptWarnings = [];
  errors = 0;
  warnings = 0;
  byCode = /* @__PURE__ */ new Map();
  // A cell that did not parse is reported once, by the reader, not again as "not a finite number".
  unparsed = /* @__PURE__ */ new Set();
  add(p) {
    const key = `${p.line}:${p.column}`;
    if (p.code === "parse") this.unparsed.add(key);
    else if (this.unparsed.has(key)) return;
    if (p.severity === "error") this.errors++;
    else this.warnings++;
    this.byCode.set(p.code, (this.byCode.get(p.code) ?? 0) + 1);
    const kept = p.severity === "error" ? this.keptErrors : this.keptWarnings;
    if (kept.length < this.keep) kept.push(p);
  }
  /** Errors first, then warnings, each in file order: the first error is the one a load throws. */
  sorted() {
    const byLine = (a, b) => a.line - b.line || (a.row ?? 0) - (b.row ?? 0);
    return [...[...this.keptErrors].sort(byLine), ...[...this.keptWarnings].sort(byLine)];
  }
};

// data/validate/forwardFill.ts
var GAP_FACTOR = 1.5;
function forwardFill(series, barMs) {
  const kind = seriesKindOf(series);
  const n = series.length;
  const t = series.tMs;
  if (kind === "chain" || !(barMs > 0)) return { series, filled: 0, sourceRow: void 0 };
  let extra = 0;
  for (let i = 1; i < n; i++) {
    const dt = t[i] - t[i - 1];
    if (dt > GAP_FACTOR * barMs) extra += Math.round(dt / barMs) - 1;
  }
  if (extra === 0) return { series, filled: 0, sourceRow: void 0 };
  const m = n + extra;
  const src = new Int32Array(m);
  const tOut = new Float64Array(m);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      const dt = t[i] - t[i - 1];
      if (dt > GAP_FACTOR * barMs) {
        const missing = Math.round(dt / barMs) - 1;
        for (let j = 1; j <= missing; j++) {
          tOut[k] = t[i - 1] + j * barMs;
          src[k++] = -(i - 1) - 1;
        }
      }
    }
    tOut[k] = t[i];
    src[k++] = i;
  }
  const from = (col, fill) => {
    const out2 = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const s2 = src[i];
      out2[i] = s2 >= 0 ? col[s2] : fill(col[-s2 - 1]);
    }
    return out2;
  };
  const sourceRow = src.map((s2) => s2 >= 0 ? s2 : -s2 - 1);
  let out;
  if (kind === "bars") {
    const b = series;
    const closeBefore = (col) => {
      const o = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        const s2 = src[i];
        o[i] = s2 >= 0 ? col[s2] : b.close[-s2 - 1];
      }
      return o;
    };
    out = { length: m, tMs: tOut, open: closeBefore(b.open), high: closeBefore(b.high), low: closeBefore(b.low), close: closeBefore(b.close), volume: from(b.volume, () => 0) };
  } else if (kind === "vol") {
    out = { length: m, tMs: tOut, vol: from(series.vol, (p) => p) };
  } else if (kind === "funding") {
    out = { length: m, tMs: tOut, rate: from(series.rate, (p) => p) };
  } else {
    out = { length: m, tMs: tOut, gwei: from(series.gwei, (p) => p) };
  }
  return { series: out, filled: extra, sourceRow };
}

// data/formats/timestamp.ts
var EPOCH_SECONDS_BELOW = 1e11;
var ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}:?\d{2})?$/;
var NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
function parseTimestampMs(text) {
  const fast = parseIsoUtcFast(text);
  if (fast === fast) return fast;
  const t = text.trim();
  if (NUMBER.test(t)) return epochToMs(Number(t));
  const m = ISO.exec(t);
  if (m === null) return NaN;
  const [, y, mo, d, h = "0", mi = "0", s2 = "0", frac = "", zone] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s2);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(Number(y), month) || hour > 23 || minute > 59 || second > 59) return NaN;
  let ms = Date.UTC(Number(y), month - 1, day, hour, minute, second) + (frac === "" ? 0 : Math.round(Number(`0.${frac}`) * 1e3));
  if (zone !== void 0 && zone !== "Z" && zone !== "z") {
    const sign = zone[0] === "-" ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 6e4;
  }
  return ms;
}
function epochToMs(n) {
  return Math.abs(n) < EPOCH_SECONDS_BELOW ? n * 1e3 : n;
}
function formatTimestamp(ms) {
  return new Date(ms).toISOString();
}
function daysInMonth(year, month) {
  return month === 2 ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28 : [4, 6, 9, 11].includes(month) ? 30 : 31;
}
var lastDayKey = NaN;
var lastDayMs = 0;
function parseIsoUtcFast(s2) {
  const n = s2.length;
  if (n !== 20 && n !== 24 || s2.charCodeAt(n - 1) !== 90 || s2.charCodeAt(10) !== 84) return NaN;
  if (s2.charCodeAt(4) !== 45 || s2.charCodeAt(7) !== 45 || s2.charCodeAt(13) !== 58 || s2.charCodeAt(16) !== 58) return NaN;
  const y = d4(s2, 0);
  const mo = d2(s2, 5);
  const d = d2(s2, 8);
  const key = y * 1e4 + mo * 100 + d;
  let dayMs = lastDayMs;
  if (key !== lastDayKey) {
    if (!(mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo))) return NaN;
    dayMs = daysFromCivil(y, mo, d) * 864e5;
    lastDayKey = key;
    lastDayMs = dayMs;
  }
  const h = d2(s2, 11);
  const mi = d2(s2, 14);
  const sec = d2(s2, 17);
  let ms = 0;
  if (n === 24) {
    if (s2.charCodeAt(19) !== 46) return NaN;
    ms = d2(s2, 20) * 10 + digit(s2, 22);
  }
  if (!(h <= 23 && mi <= 59 && sec <= 59 && ms >= 0)) return NaN;
  return dayMs + h * 36e5 + mi * 6e4 + sec * 1e3 + ms;
}
function digit(s2, i) {
  const c = s2.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
}
function d2(s2, i) {
  return digit(s2, i) * 10 + digit(s2, i + 1);
}
function d4(s2, i) {
  return d2(s2, i) * 100 + d2(s2, i + 2);
}
function daysFromCivil(y, m, d) {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

// data/validate/validateTimes.ts
var GAP_FACTOR2 = 1.5;
function checkTimes(tMs, length, o) {
  const { sink, lineOf, column } = o;
  for (let i = 0; i < length; i++) {
    const t = tMs[i];
    if (!Number.isFinite(t)) sink.add({ severity: "error", code: "parse", line: lineOf(i), row: i + 1, column, value: String(t), message: "is not a valid timestamp" });
  }
  for (let i = 1; i < length; i++) {
    const dt = tMs[i] - tMs[i - 1];
    if (dt < 0) {
      sink.add({
        severity: "error",
        code: "unsorted",
        line: lineOf(i),
        row: i + 1,
        column,
        value: formatTimestamp(tMs[i]),
        message: `is before the previous row's ${formatTimestamp(tMs[i - 1])} (line ${lineOf(i - 1)}): rows must be sorted oldest first`
      });
    } else if (dt === 0 && o.snapshots !== true) {
      sink.add({
        severity: "error",
        code: "duplicate",
        line: lineOf(i),
        row: i + 1,
        column,
        value: formatTimestamp(tMs[i]),
        message: `repeats the timestamp of line ${lineOf(i - 1)}`
      });
    }
  }
  const barMs = medianSpacingMs(tMs, length);
  let count = 0;
  let missingBars = 0;
  let largestMs = 0;
  let largestAfterMs = NaN;
  if (o.snapshots !== true && barMs > 0) {
    const severity = o.gaps === "error" ? "error" : "warning";
    for (let i = 1; i < length; i++) {
      const dt = tMs[i] - tMs[i - 1];
      if (!(dt > GAP_FACTOR2 * barMs)) continue;
      const missing = Math.round(dt / barMs) - 1;
      count++;
      missingBars += missing;
      if (dt > largestMs) {
        largestMs = dt;
        largestAfterMs = tMs[i - 1];
      }
      sink.add({
        severity,
        code: "gap",
        line: lineOf(i),
        row: i + 1,
        column,
        value: formatTimestamp(tMs[i]),
        message: `follows ${formatTimestamp(tMs[i - 1])} (line ${lineOf(i - 1)}): ${missing} missing bar(s) of ${formatDuration(barMs)}`
      });
    }
  }
  return {
    rows: length,
    firstMs: length > 0 ? tMs[0] : NaN,
    lastMs: length > 0 ? tMs[length - 1] : NaN,
    barMs,
    gaps: { count, missingBars, largestMs, largestAfterMs }
  };
}
function medianSpacingMs(tMs, length) {
  const counts = /* @__PURE__ */ new Map();
  let k = 0;
  for (let i = 1; i < length; i++) {
    const dt = tMs[i] - tMs[i - 1];
    if (!(dt > 0)) continue;
    k++;
    counts.set(dt, (counts.get(dt) ?? 0) + 1);
    if (counts.size > MAX_DISTINCT_SPACINGS) return medianBySort(tMs, length);
  }
  if (k === 0) return NaN;
  const lo = Math.floor((k - 1) / 2);
  const hi = Math.floor(k / 2);
  let seen = 0;
  let loValue = NaN;
  for (const dt of [...counts.keys()].sort((a, b) => a - b)) {
    seen += counts.get(dt);
    if (Number.isNaN(loValue) && seen > lo) loValue = dt;
    if (seen > hi) return (loValue + dt) / 2;
  }
  return loValue;
}
var MAX_DISTINCT_SPACINGS = 4096;
function medianBySort(tMs, length) {
  const d = new Float64Array(Math.max(0, length - 1));
  let k = 0;
  for (let i = 1; i < length; i++) {
    const dt = tMs[i] - tMs[i - 1];
    if (dt > 0) d[k++] = dt;
  }
  if (k === 0) return NaN;
  const s2 = d.subarray(0, k).sort();
  return k % 2 === 1 ? s2[(k - 1) / 2] : (s2[k / 2 - 1] + s2[k / 2]) / 2;
}
function formatDuration(ms) {
  if (!Number.isFinite(ms)) return "n/a";
  for (const [unit, size] of [["d", 864e5], ["h", 36e5], ["m", 6e4], ["s", 1e3]]) {
    if (ms >= size && Math.abs(ms / size - Math.round(ms / size)) < 1e-3) return `${Math.round(ms / size)}${unit}`;
  }
  return ms >= 1e3 ? `${(ms / 1e3).toFixed(3)}s` : `${ms}ms`;
}

// data/validate/validateChain.ts
var MAX_IV = 10;
function checkChain(s2, sink, lineOf, col) {
  const err = (i, code, column, value, message) => {
    sink.add({ severity: "error", code, line: lineOf(i), row: i + 1, column: col(column), value: String(value), message });
  };
  let seen = /* @__PURE__ */ new Map();
  for (let i = 0; i < s2.length; i++) {
    if (i > 0 && s2.tMs[i] !== s2.tMs[i - 1]) seen = /* @__PURE__ */ new Map();
    const name = s2.instrument[i];
    const first = seen.get(name);
    if (first !== void 0) err(i, "duplicate", "instrument", name, `appears twice in the snapshot at ${formatTimestamp(s2.tMs[i])} (first on line ${lineOf(first)})`);
    else seen.set(name, i);
    if (!Number.isFinite(s2.expiryMs[i])) err(i, "parse", "expiry", s2.expiryMs[i], "is not a valid timestamp");
    else if (s2.expiryMs[i] < s2.tMs[i]) sink.add({ severity: "warning", code: "expired", line: lineOf(i), row: i + 1, column: col("expiry"), value: formatTimestamp(s2.expiryMs[i]), message: "is before the snapshot time" });
    for (const [c, v] of [["strike", s2.strike[i]], ["underlying_price", s2.underlyingPrice[i]]]) {
      if (!(Number.isFinite(v) && v > 0)) err(i, "value", c, v, Number.isFinite(v) ? "must be above zero" : "is not a finite number");
    }
    for (const [c, v] of [["bid", s2.bid[i]], ["ask", s2.ask[i]], ["mark", s2.mark[i]], ["open_interest", s2.openInterest[i]]]) {
      if (!Number.isNaN(v) && !(Number.isFinite(v) && v >= 0)) err(i, "value", c, v, "must be zero or more (leave the cell empty for no quote)");
    }
    if (s2.bid[i] > s2.ask[i]) err(i, "bid-ask", "bid", s2.bid[i], `is above ask ${s2.ask[i]}`);
    for (const [c, v] of [["bid_iv", s2.bidIv[i]], ["ask_iv", s2.askIv[i]], ["mark_iv", s2.markIv[i]]]) {
      if (!Number.isNaN(v) && !(v > 0 && v <= MAX_IV)) err(i, "iv-range", c, v, `is outside (0, ${MAX_IV}]: IV is an annualised fraction, 0.55 = 55%`);
    }
  }
}

// data/validate/validateSeries.ts
function validateSeries(series, o) {
  const kind = seriesKindOf(series);
  const col = (c) => o.columnNames?.[c] ?? c;
  const times = checkTimes(series.tMs, series.length, { sink: o.sink, lineOf: o.lineOf, column: col("ts"), gaps: o.gaps, snapshots: kind === "chain" });
  const positive = (values, column, what, allowZero = false) => {
    for (let i = 0; i < series.length; i++) {
      const v = values[i];
      if (Number.isFinite(v) && (allowZero ? v >= 0 : v > 0)) continue;
      o.sink.add({
        severity: "error",
        code: kind === "bars" && column !== "volume" ? "price" : "value",
        line: o.lineOf(i),
        row: i + 1,
        column: col(column),
        value: String(v),
        message: Number.isFinite(v) ? `must be ${allowZero ? "zero or more" : "above zero"}, got ${v}` : `is not a finite number (${what})`
      });
    }
  };
  switch (kind) {
    case "bars": {
      const b = series;
      for (const c of ["open", "high", "low", "close"]) positive(b[c], c, "price in quote currency");
      positive(b.volume, "volume", "volume in base units", true);
      checkOhlc(b, o.sink, o.lineOf, col);
      break;
    }
    case "vol": {
      const v = series.vol;
      positive(v, "vol", "annualised vol as a fraction");
      for (let i = 0; i < series.length; i++) {
        if (v[i] > 10) o.sink.add({
          severity: "error",
          code: "value",
          line: o.lineOf(i),
          row: i + 1,
          column: col("vol"),
          value: String(v[i]),
          message: "is above 10 (1000% vol): vol is a fraction, write DVOL 55.3 as 0.553"
        });
      }
      break;
    }
    case "funding": {
      const r = series.rate;
      for (let i = 0; i < series.length; i++) {
        const x = r[i];
        if (!Number.isFinite(x) || Math.abs(x) >= 1) o.sink.add({
          severity: "error",
          code: "value",
          line: o.lineOf(i),
          row: i + 1,
          column: col("rate"),
          value: String(x),
          message: Number.isFinite(x) ? "is 100% or more per funding interval: rate is a fraction, 0.0001 = 0.01%" : "is not a finite number"
        });
      }
      break;
    }
    case "gas":
      positive(series.gwei, "gwei", "gas price in gwei", true);
      break;
    case "chain":
      checkChain(series, o.sink, o.lineOf, col);
      break;
  }
  return { ...times, kind };
}
function checkOhlc(b, sink, lineOf, col) {
  for (let i = 0; i < b.length; i++) {
    const o = b.open[i];
    const h = b.high[i];
    const l = b.low[i];
    const c = b.close[i];
    if (l > o || l > c || l > h) {
      const above = l > h ? `high ${h}` : l > o ? `open ${o}` : `close ${c}`;
      sink.add({ severity: "error", code: "ohlc", line: lineOf(i), row: i + 1, column: col("low"), value: String(l), message: `is above ${above}: low must be <= open, close <= high` });
    } else if (h < o || h < c) {
      sink.add({
        severity: "error",
        code: "ohlc",
        line: lineOf(i),
        row: i + 1,
        column: col("high"),
        value: String(h),
        message: `is below ${h < o ? `open ${o}` : `close ${c}`}: high must be >= open, close >= low`
      });
    }
  }
}

// data/validate/validationReport.ts
function problemText(format, p) {
  return `${p.message} (value ${p.value}${format.endsWith("-json") && p.row !== void 0 ? `, row ${p.row}` : ""})`;
}

// data/read/csvTable.ts
import { CsvError, parse as parse2 } from "csv-parse/sync";
function csvTable(file2, text, headerLine = 1) {
  let records;
  try {
    records = parse2(text, { from_line: headerLine, info: true, skip_empty_lines: true, bom: true });
  } catch (e) {
    if (e instanceof CsvError) {
      const line = Number(e.lines ?? 0);
      throw new DataError(file2, line, "(row)", `cannot be read as CSV: ${e.message}`, "every row needs as many comma-separated fields as the header");
    }
    throw e;
  }
  const [head, ...body] = records;
  if (head === void 0) throw new DataError(file2, headerLine, "(header)", "is missing: the file is empty", "add a header row");
  return { file: file2, header: head.record.map((h) => h.trim()), headerLine, rows: body.map((r) => r.record), lines: body.map((r) => r.info.lines) };
}
function columnIndexes(t, wanted) {
  const out = {};
  for (const c of wanted) {
    const i = t.header.indexOf(c);
    if (i < 0) throw new DataError(t.file, t.headerLine, c, `is missing from the header (${t.header.join(",")})`, `add a \`${c}\` column`);
    out[c] = i;
  }
  return out;
}
function cellNumber(text, sink, line, column) {
  if (text === void 0 || text === "") return NaN;
  const v = +text;
  if (v !== v) sink.add({ severity: "error", code: "parse", line, column, value: text, message: `is not a number: "${text}"` });
  return v;
}

// data/read/jsonRows.ts
function jsonRows(file2, text) {
  let data2;
  try {
    data2 = JSON.parse(text);
  } catch (e) {
    const pos = /position (\d+)/.exec(String(e.message));
    const line = pos === null ? 1 : lineAt(text, Number(pos[1]));
    throw new DataError(file2, line, "(json)", `is not valid JSON: ${e.message}`, void 0);
  }
  if (!Array.isArray(data2)) throw new DataError(file2, 1, "(json)", "must be an array of rows like [[ms, value], \u2026]");
  const lines = rowStartLines(text, data2.length);
  data2.forEach((r, i) => {
    if (!Array.isArray(r)) throw new DataError(file2, lines[i], `[${i}]`, `must be an array like [ms, value], got ${JSON.stringify(r)?.slice(0, 40)}`);
  });
  return { rows: data2, lines };
}
function jsonNumber(v, sink, line, column) {
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(+v)) return +v;
  sink.add({ severity: "error", code: "parse", line, column, value: JSON.stringify(v) ?? "undefined", message: "is not a number" });
  return NaN;
}
function jsonPairs(j, sink, valueAt, column) {
  const n = j.rows.length;
  const tMs = new Float64Array(n);
  const value = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = j.rows[i];
    tMs[i] = epochToMs(jsonNumber(r[0], sink, j.lines[i], "ms [0]"));
    value[i] = jsonNumber(r[valueAt], sink, j.lines[i], column);
  }
  return { tMs, value };
}
function rowStartLines(text, count) {
  const lines = new Int32Array(count);
  let line = 1;
  let depth = 0;
  let k = 0;
  let inString = false;
  let expect = false;
  for (let i = 0; i < text.length && k < count; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c <= 32) continue;
    if (depth === 1 && c === 44) {
      expect = true;
      continue;
    }
    if (depth === 1 && expect) {
      lines[k++] = line;
      expect = false;
    }
    if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (depth === 0) expect = true;
      depth++;
    } else if (c === 93 || c === 125) depth--;
  }
  return lines;
}
function lineAt(text, pos) {
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

// data/read/readBinanceKlinesJson.ts
var COLUMNS = { ts: "open_time_ms [0]", open: "open [1]", high: "high [2]", low: "low [3]", close: "close [4]", volume: "volume [5]" };
function readBinanceKlinesJson(j, sink) {
  const n = j.rows.length;
  const cols = Array.from({ length: 6 }, () => new Float64Array(n));
  const names = Object.values(COLUMNS);
  for (let i = 0; i < n; i++) {
    const r = j.rows[i];
    for (let c = 0; c < 6; c++) cols[c][i] = jsonNumber(r[c], sink, j.lines[i], names[c]);
    cols[0][i] = epochToMs(cols[0][i]);
  }
  const [tMs, open2, high, low, close, volume] = cols;
  return { series: { length: n, tMs, open: open2, high, low, close, volume }, format: "binance-klines-json", lineOf: (i) => j.lines[i], columnNames: COLUMNS, notes: [] };
}

// data/read/readCryptoDataDownloadCsv.ts
function readCryptoDataDownloadCsv(t, sink) {
  const ix = columnIndexes(t, ["unix", "open", "high", "low", "close"]);
  const symbolAt = t.header.indexOf("symbol");
  const base2 = symbolAt >= 0 ? (t.rows[0]?.[symbolAt] ?? "").split("/")[0] : void 0;
  const volName = t.header.find((h) => base2 !== void 0 && h === `Volume ${base2}`) ?? t.header.find((h) => /^Volume /.test(h) && !/USD/.test(h));
  if (volName === void 0) throw new DataError(t.file, t.headerLine, "Volume <base>", `is missing from the header (${t.header.join(",")})`);
  const volAt = t.header.indexOf(volName);
  const n = t.rows.length;
  const newestFirst = n > 1 && +(t.rows[0][ix.unix] ?? 0) > +(t.rows[n - 1][ix.unix] ?? 0);
  const row = (i) => newestFirst ? n - 1 - i : i;
  const cols = { tMs: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const r = t.rows[row(i)];
    const line = t.lines[row(i)];
    cols.tMs[i] = epochToMs(cellNumber(r[ix.unix], sink, line, "unix"));
    cols.open[i] = cellNumber(r[ix.open], sink, line, "open");
    cols.high[i] = cellNumber(r[ix.high], sink, line, "high");
    cols.low[i] = cellNumber(r[ix.low], sink, line, "low");
    cols.close[i] = cellNumber(r[ix.close], sink, line, "close");
    cols.volume[i] = cellNumber(r[volAt], sink, line, volName);
  }
  return {
    series: { length: n, ...cols },
    format: "cryptodatadownload-csv",
    lineOf: (i) => t.lines[row(i)],
    columnNames: { ts: "unix", volume: volName },
    notes: [
      ...newestFirst ? ["rows run newest first in the file; reversed to oldest first"] : [],
      `volume taken from "${volName}" (base units); older Bitstamp rows may have the two volume columns swapped`
    ]
  };
}

// data/read/readYahooCsv.ts
function readYahooCsv(t, sink) {
  const ix = columnIndexes(t, ["Date", "Open", "High", "Low", "Close", "Volume"]);
  const n = t.rows.length;
  const cols = { tMs: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const r = t.rows[i];
    const line = t.lines[i];
    const d = r[ix.Date] ?? "";
    cols.tMs[i] = parseTimestampMs(d);
    if (Number.isNaN(cols.tMs[i])) sink.add({ severity: "error", code: "parse", line, column: "Date", value: d, message: `is not a date: "${d}"` });
    cols.open[i] = cellNumber(r[ix.Open], sink, line, "Open");
    cols.high[i] = cellNumber(r[ix.High], sink, line, "High");
    cols.low[i] = cellNumber(r[ix.Low], sink, line, "Low");
    cols.close[i] = cellNumber(r[ix.Close], sink, line, "Close");
    cols.volume[i] = cellNumber(r[ix.Volume], sink, line, "Volume") / cols.close[i];
  }
  return {
    series: { length: n, ...cols },
    format: "yahoo-csv",
    lineOf: (i) => t.lines[i],
    columnNames: { ts: "Date", open: "Open", high: "High", low: "Low", close: "Close", volume: "Volume" },
    notes: ["Yahoo Volume is in USD; divided by Close to approximate base units"]
  };
}

// data/formats/canonicalColumns.ts
var CANONICAL_COLUMNS = {
  bars: ["ts", "open", "high", "low", "close", "volume"],
  vol: ["ts", "vol"],
  chain: ["ts", "instrument", "expiry", "strike", "type", "bid", "ask", "mark", "bid_iv", "ask_iv", "mark_iv", "underlying_price", "open_interest"],
  funding: ["ts", "rate"],
  gas: ["ts", "gwei"]
};

// data/read/chainBuilder.ts
var ChainBuilder = class {
  rows = [];
  /** `v` is [bid, ask, mark, bidIv, askIv, markIv, underlyingPrice, openInterest], NaN for missing. */
  push(tMs, instrument, expiryMs, strike, isCall, v) {
    this.rows.push({ t: tMs, inst: instrument, exp: expiryMs, k: strike, call: isCall ? 1 : 0, v: [...v] });
  }
  build() {
    const n = this.rows.length;
    const f = () => new Float64Array(n);
    const c = {
      length: n,
      tMs: f(),
      instrument: this.rows.map((r) => r.inst),
      expiryMs: f(),
      strike: f(),
      isCall: new Uint8Array(n),
      bid: f(),
      ask: f(),
      mark: f(),
      bidIv: f(),
      askIv: f(),
      markIv: f(),
      underlyingPrice: f(),
      openInterest: f()
    };
    const values = [c.bid, c.ask, c.mark, c.bidIv, c.askIv, c.markIv, c.underlyingPrice, c.openInterest];
    this.rows.forEach((r, i) => {
      c.tMs[i] = r.t;
      c.expiryMs[i] = r.exp;
      c.strike[i] = r.k;
      c.isCall[i] = r.call;
      values.forEach((col, j) => {
        col[i] = r.v[j];
      });
    });
    return c;
  }
};

// data/read/readChainCsv.ts
function readChainCsv(t, sink) {
  const ix = columnIndexes(t, CANONICAL_COLUMNS.chain);
  const b = new ChainBuilder();
  const values = ["bid", "ask", "mark", "bid_iv", "ask_iv", "mark_iv", "underlying_price", "open_interest"];
  t.rows.forEach((r, i) => {
    const line = t.lines[i];
    const time = (c) => {
      const text = r[ix[c]] ?? "";
      const ms = parseTimestampMs(text);
      if (ms !== ms) sink.add({ severity: "error", code: "parse", line, column: c, value: text, message: `is not a timestamp: "${text}"` });
      return ms;
    };
    const type = (r[ix.type] ?? "").trim().toLowerCase();
    if (!["call", "put", "c", "p"].includes(type)) sink.add({ severity: "error", code: "parse", line, column: "type", value: type, message: "must be call or put" });
    b.push(
      time("ts"),
      r[ix.instrument] ?? "",
      time("expiry"),
      cellNumber(r[ix.strike], sink, line, "strike"),
      type === "call" || type === "c",
      values.map((c) => cellNumber(r[ix[c]], sink, line, c))
    );
  });
  return { series: b.build(), format: "chain-csv", lineOf: (i) => t.lines[i] ?? 0, notes: [] };
}

// data/read/parseInstrumentName.ts
var MONTHS2 = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
var NAME2 = /^([A-Z0-9_]+)-(\d{1,2})([A-Z]{3})(\d{2})-(\d+(?:d\d+)?)-([CP])$/;
var EXPIRY_HOUR_UTC = 8;
function parseInstrumentName(name) {
  const m = NAME2.exec(name);
  if (m === null) return void 0;
  const [, underlying, day, mon, yy, strike, cp] = m;
  const month = MONTHS2.indexOf(mon);
  if (month < 0) return void 0;
  const expiry = new Date(Date.UTC(2e3 + Number(yy), month, Number(day), EXPIRY_HOUR_UTC));
  if (expiry.getUTCDate() !== Number(day)) return void 0;
  return { underlying, expiryMs: expiry.getTime(), strike: Number(strike.replace("d", ".")), isCall: cp === "C" };
}

// data/read/readDeribitChainCsv.ts
function readDeribitChainCsv(t, sink, o = {}) {
  const ticker = t.header.includes("best_bid_price");
  const names = ticker ? { bid: "best_bid_price", ask: "best_ask_price", mark: "mark_price", bid_iv: "bid_iv", ask_iv: "ask_iv", mark_iv: "mark_iv", underlying_price: "underlying_price", open_interest: "open_interest" } : { bid: "bid_price", ask: "ask_price", mark: "mark_price", bid_iv: "", ask_iv: "", mark_iv: t.header.includes("mark_iv") ? "mark_iv" : "", underlying_price: "underlying_price", open_interest: "open_interest" };
  const ix = columnIndexes(t, ["instrument_name", "creation_timestamp", ...Object.values(names).filter((c) => c !== "")]);
  const at = (c) => c === "" ? -1 : ix[c] ?? -1;
  const notes = [];
  let snapshotMs = o.snapshotMs;
  if (ticker && snapshotMs === void 0) {
    snapshotMs = Math.max(...t.rows.map((r) => epochToMs(+(r[ix.creation_timestamp] ?? NaN))));
    notes.push(`the file has no snapshot time (creation_timestamp is the listing time); ts set to the latest listing, ${formatTimestamp(snapshotMs)}, a lower bound`);
  }
  const b = new ChainBuilder();
  t.rows.forEach((r, i) => {
    const line = t.lines[i];
    const name = r[ix.instrument_name] ?? "";
    const parts = parseInstrumentName(name);
    if (parts === void 0) throw new DataError(t.file, line, "instrument_name", `"${name}" is not a Deribit option name`, "expected e.g. BTC-28JUN24-58000-P");
    const tMs = snapshotMs ?? epochToMs(cellNumber(r[ix.creation_timestamp], sink, line, "creation_timestamp"));
    const num = (c) => c === "" ? NaN : cellNumber(r[at(c)], sink, line, c);
    const iv = (c) => {
      const v = num(c);
      return v === 0 ? NaN : v / 100;
    };
    b.push(tMs, name, parts.expiryMs, parts.strike, parts.isCall, [
      num(names.bid),
      num(names.ask),
      num(names.mark),
      iv(names.bid_iv),
      iv(names.ask_iv),
      iv(names.mark_iv),
      num(names.underlying_price),
      num(names.open_interest)
    ]);
  });
  if (names.mark_iv === "") notes.push("the file has no mark_iv column; mark_iv is empty (imply it from mark)");
  return {
    series: b.build(),
    format: ticker ? "deribit-ticker-csv" : "deribit-book-summary-csv",
    lineOf: (i) => t.lines[i],
    columnNames: { ts: ticker ? "(snapshot time)" : "creation_timestamp", instrument: "instrument_name", expiry: "instrument_name", strike: "instrument_name", ...Object.fromEntries(Object.entries(names).filter(([, v]) => v !== "")) },
    notes
  };
}

// data/read/readNumericCsv.ts
import { isAscii } from "node:buffer";
import { open } from "node:fs/promises";
import { inferSchema, initParser } from "udsv";

// data/read/csvFileShape.ts
import { closeSync, openSync, readSync, statSync } from "node:fs";
function contentEnd(file2) {
  const size = statSync(file2).size;
  const n = Math.min(size, 65536);
  const buf = Buffer.alloc(n);
  const fd = openSync(file2, "r");
  try {
    readSync(fd, buf, 0, n, size - n);
  } finally {
    closeSync(fd);
  }
  let i = n;
  while (i > 0 && (buf[i - 1] === 10 || buf[i - 1] === 13 || buf[i - 1] === 32 || buf[i - 1] === 9)) i--;
  return i === 0 && size > n ? size : size - n + i;
}
function estimateRows(file2) {
  const size = statSync(file2).size;
  const buf = Buffer.alloc(Math.min(size, 65536));
  const fd = openSync(file2, "r");
  try {
    readSync(fd, buf, 0, buf.length, 0);
  } finally {
    closeSync(fd);
  }
  let lines = 0;
  for (let i = 0; i < buf.length; i++) if (buf[i] === 10) lines++;
  if (lines === 0) return 16;
  return Math.ceil(size / (buf.length / lines) * 1.02);
}

// data/formats/parseDecimal.ts
function parseDecimal(text) {
  const n = text.length;
  let i = 0;
  let negative = false;
  if (n > 0 && text.charCodeAt(0) === 45) {
    negative = true;
    i = 1;
  }
  let m = 0;
  let digits = 0;
  let fracDigits = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c >= 0 && c <= 9) {
      m = m * 10 + c;
      digits++;
      if (fracDigits >= 0) fracDigits++;
    } else if (c === -2 && fracDigits < 0) {
      fracDigits = 0;
    } else {
      return Number(text);
    }
  }
  if (digits === 0 || digits > 15) return Number(text);
  const v = fracDigits > 0 ? m / POW10[fracDigits] : m;
  return negative ? -v : v;
}
var POW10 = Float64Array.from({ length: 16 }, (_, k) => 10 ** k);

// data/read/growableColumns.ts
var GrowableColumns = class {
  constructor(count, initialCapacity) {
    this.count = count;
    this.cap = Math.max(16, Math.ceil(initialCapacity));
    this.cols = Array.from({ length: count }, () => new Float64Array(this.cap));
  }
  count;
  cols;
  length = 0;
  cap;
  /** Rows the columns hold before `ensure()` has to copy them. */
  get capacity() {
    return this.cap;
  }
  /** The column to write row `length` into; call `ensure()` first. */
  col(i) {
    return this.cols[i];
  }
  /** All columns, for a hot loop that keeps them in locals; fetch them again after `ensure()` returns true. */
  all() {
    return this.cols;
  }
  /** Makes room for one more row. True when that replaced the arrays, so references from `col()` or `all()`
   * taken before are stale. */
  ensure() {
    if (this.length < this.cap) return false;
    const next = Math.ceil(this.cap * 1.5);
    this.cols = this.cols.map((c) => {
      const g = new Float64Array(next);
      g.set(c);
      return g;
    });
    this.cap = next;
    return true;
  }
  /** The filled part of each column. Views, not copies: the spare capacity stays allocated with them, which
   * the row estimate keeps small. */
  finish() {
    return this.cols.map((c) => c.subarray(0, this.length));
  }
};

// data/read/numericCsvRows.ts
var NumericCsvRows = class {
  constructor(file2, kind, header, capacity, sink) {
    this.kind = kind;
    this.sink = sink;
    const names = CANONICAL_COLUMNS[kind];
    const trimmed = header.map((h) => h.trim());
    this.names = names;
    this.width = names.length;
    this.at = new Int32Array(this.width);
    names.forEach((c, j) => {
      const i = trimmed.indexOf(c);
      if (i < 0) throw new DataError(file2, 1, c, `is missing from the header (${trimmed.join(",")})`, `a ${kind} CSV has the columns ${names.join(",")}`);
      this.at[j] = i;
    });
    this.lastUnread = this.at.includes(header.length - 1) ? -1 : header.length - 1;
    this.cols = new GrowableColumns(this.width, capacity);
    this.arrs = this.cols.all();
  }
  kind;
  sink;
  names;
  width;
  at;
  // position of canonical column j in the file's records
  cols;
  arrs;
  lastUnread;
  // the record's last field when no canonical column reads it, else -1
  rows = 0;
  /** A cell that did not parse held a comma, a line break or a quote, or a used cell was empty: the record may
   * not be one well-formed line (a short or long row split by a parser that does not count fields, a stray
   * quote), so a strict parse should decide. */
  suspect = false;
  /** Appends one record (the file's fields in file order). */
  push(rec) {
    const row = this.rows;
    if (this.cols.ensure()) this.arrs = this.cols.all();
    const at = this.at;
    const arrs = this.arrs;
    const tText = rec[at[0]];
    const t = parseTimestampMs(tText);
    if (t !== t) this.badTime(row, tText);
    arrs[0][row] = t;
    for (let j = 1; j < this.width; j++) {
      const text = rec[at[j]];
      let v = parseDecimal(text);
      if (v !== v || text.length === 0) v = this.badNumber(row, j, text);
      arrs[j][row] = v;
    }
    if (this.lastUnread >= 0 && rec[this.lastUnread].includes(",")) this.suspect = true;
    this.rows = row + 1;
    this.cols.length = row + 1;
  }
  /** The series, its columns views of the filled rows. */
  series() {
    const c = this.cols.finish();
    return Object.fromEntries([["length", this.rows], ["tMs", c[0]], ...this.names.slice(1).map((n, j) => [n, c[j + 1]])]);
  }
  badTime(row, text) {
    this.check(text);
    this.sink.add({ severity: "error", code: "parse", line: row + 2, column: "ts", value: text, message: `is not a timestamp: "${text}" (ISO 8601 UTC or epoch seconds/ms)` });
  }
  badNumber(row, j, text) {
    this.check(text);
    if (text !== "") this.sink.add({ severity: "error", code: "parse", line: row + 2, column: this.names[j], value: text, message: `is not a number: "${text}"` });
    return NaN;
  }
  check(text) {
    if (text === "" || text.includes(",") || text.includes("\n") || text.includes("\r") || text.includes('"')) this.suspect = true;
  }
};

// data/read/readNumericCsvStrict.ts
import { createReadStream } from "node:fs";
import { CsvError as CsvError2, parse as parse3 } from "csv-parse";
async function readNumericCsvStrict(file2, kind, sink) {
  let rows;
  const end = contentEnd(file2);
  const parser = createReadStream(file2, { highWaterMark: 1 << 20, ...end > 0 ? { end: end - 1 } : {} }).pipe(parse3({ bom: true }));
  try {
    for await (const rec of parser) {
      if (rows === void 0) rows = new NumericCsvRows(file2, kind, rec, estimateRows(file2), sink);
      else rows.push(rec);
    }
  } catch (e) {
    if (e instanceof CsvError2) {
      const line = Number(e.lines ?? 0);
      throw new DataError(file2, line, "(row)", `cannot be read as CSV: ${e.message}`, "every row needs one value per header column, and no blank lines");
    }
    throw e;
  }
  if (rows === void 0) throw new DataError(file2, 1, "(header)", "is missing: the file is empty", `write the header ${CANONICAL_COLUMNS[kind].join(",")}`);
  return rows.series();
}

// data/read/readNumericCsv.ts
var CHUNK_BYTES = 1 << 16;
async function readNumericCsv(file2, kind, sink) {
  const fast = await readWithUdsv(file2, kind, sink);
  if (fast.suspect) {
    const strict = await readNumericCsvStrict(file2, kind, new ProblemSink());
    const row = firstDifference(fast.series, strict);
    if (row >= 0) {
      throw new DataError(file2, row + 2, "(row)", "is split into fields differently by uDSV and csv-parse", "write one record per line: no line breaks inside quoted fields");
    }
  }
  return { series: fast.series, format: `${kind}-csv`, lineOf: (i) => i + 2, notes: [] };
}
async function readWithUdsv(file2, kind, sink) {
  const end = contentEnd(file2);
  const fh = await open(file2, "r");
  let rows;
  let parser;
  let rowDelim = "\n";
  let lineBreaks = 0;
  let closed = false;
  let ending = false;
  let spilled = false;
  const onRow = (rec) => {
    if (ending) {
      spilled = true;
      return false;
    }
    rows.push(rec);
    return true;
  };
  try {
    let buf = Buffer.allocUnsafe(CHUNK_BYTES);
    let carry = 0;
    for (let pos = 0; pos < end; ) {
      if (carry === buf.length) buf = Buffer.concat([buf, Buffer.allocUnsafe(buf.length)]);
      const { bytesRead } = await fh.read(buf, carry, Math.min(buf.length - carry, end - pos), pos);
      if (bytesRead === 0) throw new DataError(file2, 1, "(file)", `ended at byte ${pos} of ${end} while it was read`, "read it again once nothing is writing to it");
      pos += bytesRead;
      const filled = carry + bytesRead;
      const cut = pos >= end ? filled : buf.lastIndexOf(10, filled - 1) + 1;
      if (cut === 0) {
        carry = filled;
        continue;
      }
      let text = buf.toString(isAscii(buf.subarray(0, cut)) ? "latin1" : "utf8", 0, cut);
      buf.copyWithin(0, cut, filled);
      carry = filled - cut;
      if (parser === void 0) {
        if (text.charCodeAt(0) === 65279) text = text.slice(1);
        if (text.trim() === "") break;
        ({ parser, rowDelim } = startParser(text));
        if (pos >= end && !text.includes(rowDelim)) {
          text += rowDelim;
          closed = true;
        }
        rows = new NumericCsvRows(file2, kind, parser.schema.cols.map((c) => c.name), estimateRows(file2), sink);
      }
      lineBreaks += countOf(text, rowDelim);
      parser.chunk(text, parser.stringArrs, onRow);
    }
    if (parser === void 0 || rows === void 0) {
      throw new DataError(file2, 1, "(header)", "is missing: the file is empty", `write the header ${CANONICAL_COLUMNS[kind].join(",")}`);
    }
    if (!closed) {
      lineBreaks++;
      parser.chunk(rowDelim, parser.stringArrs, onRow);
    }
    ending = true;
    parser.end();
  } finally {
    await fh.close();
  }
  return { series: rows.series(), suspect: rows.suspect || spilled || rows.rows !== lineBreaks - 1 };
}
function startParser(head) {
  const nl = head.indexOf("\n");
  const rowDelim = nl > 0 && head.charCodeAt(nl - 1) === 13 ? "\r\n" : nl >= 0 ? "\n" : head.includes("\r") ? "\r" : "\n";
  const schema = inferSchema(head.includes(rowDelim) ? head : head + rowDelim, { col: ",", row: rowDelim }, 2);
  return { parser: initParser(schema), rowDelim };
}
function countOf(text, what) {
  let n = 0;
  for (let i = text.indexOf(what); i !== -1; i = text.indexOf(what, i + what.length)) n++;
  return n;
}
function firstDifference(a, b) {
  const ra = a;
  const rb = b;
  let n = Math.min(a.length, b.length);
  for (const key of Object.keys(ra)) {
    const x = ra[key];
    const y = rb[key];
    if (!(x instanceof Float64Array) || !(y instanceof Float64Array)) continue;
    for (let i = 0; i < n; i++) if (!Object.is(x[i], y[i])) {
      n = i;
      break;
    }
  }
  return a.length === b.length && n === a.length ? -1 : n;
}

// data/read/readDeribitDvolJson.ts
function readDeribitDvolJson(j, sink) {
  const candle = (j.rows[0]?.length ?? 0) >= 5;
  const valueAt = candle ? 4 : 1;
  const { tMs, value } = jsonPairs(j, sink, valueAt, candle ? "close [4]" : "dvol [1]");
  for (let i = 0; i < value.length; i++) value[i] = value[i] / 100;
  return {
    series: { length: tMs.length, tMs, vol: value },
    format: "deribit-dvol-json",
    lineOf: (i) => j.lines[i],
    columnNames: { ts: "ms [0]", vol: candle ? "close [4]" : "dvol [1]" },
    notes: [`DVOL percent divided by 100 to a fraction${candle ? "; the candle close is used" : ""}`]
  };
}

// data/read/readFundingPercentJson.ts
function readFundingPercentJson(j, sink) {
  const { tMs, value } = jsonPairs(j, sink, 1, "rate_percent [1]");
  for (let i = 0; i < value.length; i++) value[i] = value[i] / 100;
  return {
    series: { length: tMs.length, tMs, rate: value },
    format: "funding-percent-json",
    lineOf: (i) => j.lines[i],
    columnNames: { ts: "ms [0]", rate: "rate_percent [1]" },
    notes: ["funding rate in percent per interval divided by 100 to a fraction (Binance fundingRate convention)"]
  };
}

// data/read/readParquet.ts
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetReadObjects } from "hyparquet";
async function readParquet(file2, kind, sink) {
  const buf = await asyncBufferFromFile(file2);
  const meta = await parquetMetadataAsync(buf);
  const fields = meta.schema.slice(1).map((s2) => s2.name);
  const k = kind ?? (fields.includes("open") ? "bars" : fields.includes("instrument") ? "chain" : fields.includes("vol") ? "vol" : fields.includes("rate") ? "funding" : fields.includes("gwei") ? "gas" : void 0);
  if (k === void 0) throw new DataError(file2, 1, "(schema)", `has no column that names a kind (${fields.join(",")})`, "name columns as in data/README.md, or pass --kind");
  const names = CANONICAL_COLUMNS[k];
  for (const c of names) if (!fields.includes(c)) throw new DataError(file2, 1, c, `is missing from the Parquet schema (${fields.join(",")})`);
  const n = Number(meta.num_rows);
  const lineOf = (i) => i + 1;
  const time = (v, row, column) => {
    const ms = v instanceof Date ? v.getTime() : typeof v === "bigint" ? epochToMs(Number(v)) : typeof v === "number" ? epochToMs(v) : typeof v === "string" ? parseTimestampMs(v) : NaN;
    if (ms !== ms) sink.add({ severity: "error", code: "parse", line: row + 1, column, value: String(v), message: "is not a timestamp" });
    return ms;
  };
  const num = (v) => v === null || v === void 0 ? NaN : Number(v);
  if (k === "chain") {
    const rows = await parquetReadObjects({ file: buf, columns: [...names] });
    const b = new ChainBuilder();
    rows.forEach((r, i) => {
      const name = String(r.instrument ?? "");
      const type = String(r.type ?? "").toLowerCase();
      const expiry = r.expiry === void 0 || r.expiry === null ? parseInstrumentName(name)?.expiryMs ?? NaN : time(r.expiry, i, "expiry");
      b.push(
        time(r.ts, i, "ts"),
        name,
        expiry,
        num(r.strike),
        type === "call" || type === "c",
        ["bid", "ask", "mark", "bid_iv", "ask_iv", "mark_iv", "underlying_price", "open_interest"].map((c) => num(r[c]))
      );
    });
    return { series: b.build(), format: "chain-parquet", lineOf, notes: [] };
  }
  const cols = names.map(() => new Float64Array(n));
  await parquetRead({
    file: buf,
    metadata: meta,
    columns: [...names],
    onChunk: ({ columnName, columnData, rowStart, rowEnd }) => {
      const j = names.indexOf(columnName);
      if (j < 0) return;
      const out = cols[j];
      for (let i = rowStart; i < Math.min(rowEnd, n); i++) {
        const v = columnData[i - rowStart];
        out[i] = j === 0 ? time(v, i, "ts") : num(v);
      }
    }
  });
  const series = Object.fromEntries([["length", n], ["tMs", cols[0]], ...names.slice(1).map((c, j) => [c, cols[j + 1]])]);
  return { series, format: `${k}-parquet`, lineOf, notes: [] };
}

// data/sharedColumn.ts
function sharedColumn(values, length = values.length) {
  if (values.buffer instanceof SharedArrayBuffer && values.byteOffset === 0 && values.length === length && values.buffer.byteLength === length * 8) return values;
  const a = new Float64Array(new SharedArrayBuffer(length * 8));
  a.set(values.subarray(0, length));
  return a;
}

// data/read/seriesCache.ts
import { createHash } from "node:crypto";
import { closeSync as closeSync3, fstatSync, openSync as openSync3, readdirSync, readSync as readSync2, realpathSync, rmSync as rmSync2, statSync as statSync2, utimesSync } from "node:fs";
import { endianness, homedir } from "node:os";
import { basename as basename3, isAbsolute as isAbsolute3, join as join2, resolve as resolve4 } from "node:path";

// data/io/writeAtomic.ts
import { closeSync as closeSync2, mkdirSync, openSync as openSync2, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { basename as basename2, dirname as dirname3, join } from "node:path";
function writeFileAtomic(path, data2) {
  const dir2 = dirname3(path);
  mkdirSync(dir2, { recursive: true });
  const tmp = join(dir2, `.${basename2(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    if (typeof data2 === "string" || data2 instanceof Uint8Array) writeFileSync(tmp, data2);
    else writeChunks(tmp, data2);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
function writeChunks(file2, chunks) {
  const fd = openSync2(file2, "w");
  try {
    for (const c of chunks) for (let at = 0; at < c.byteLength; ) at += writeSync(fd, c, at, c.byteLength - at);
  } finally {
    closeSync2(fd);
  }
}

// data/read/seriesCache.ts
var CACHE_FORMAT = 1;
var MIN_CACHED_FILE_BYTES = 1 << 20;
var DEFAULT_CACHE_MAX_MB = 2048;
var RACY_WINDOW_MS = 2000n;
var STALE_TMP_MS = 36e5;
var EXT = ".ovseries";
var MAGIC = "OVSERIES";
var PREFIX_BYTES = 16;
function seriesCacheDir(env = process.env) {
  const own = env.OPTVAULT_CACHE_DIR;
  if (own !== void 0 && own !== "") return resolve4(own);
  const xdg = env.XDG_CACHE_HOME;
  const base2 = xdg !== void 0 && isAbsolute3(xdg) ? xdg : join2(homedir(), ".cache");
  return join2(base2, "optvault", "series");
}
function seriesCache(file2, o, env = process.env) {
  if (o.cache === false || isOff(env.OPTVAULT_CACHE)) return void 0;
  const capBytes = maxBytes(env.OPTVAULT_CACHE_MAX_MB);
  let real;
  let st;
  try {
    real = realpathSync(file2);
    st = statSync2(real, { bigint: true });
  } catch {
    return void 0;
  }
  if (!st.isFile() || st.size < BigInt(MIN_CACHED_FILE_BYTES)) return void 0;
  const key = createHash("sha256").update(JSON.stringify({
    // the name as asked, too: the loader reads the layout from its extension and `[ms, value]` JSON's kind from
    // it (`fund`, `vol`), so two links to one file can load differently
    format: CACHE_FORMAT,
    endian: endianness(),
    path: real,
    name: basename3(file2),
    size: String(st.size),
    mtimeNs: String(st.mtimeNs),
    ctimeNs: String(st.ctimeNs),
    ino: String(st.ino),
    dev: String(st.dev),
    kind: o.kind ?? null,
    gaps: o.gaps,
    snapshotMs: o.snapshotMs ?? null
  })).digest("hex");
  const dir2 = seriesCacheDir(env);
  const entryPath = join2(dir2, key + EXT);
  const newest = st.mtimeNs > st.ctimeNs ? st.mtimeNs : st.ctimeNs;
  const racy = newest > BigInt(Date.now()) * 1000000n - RACY_WINDOW_MS * 1000000n;
  return {
    entryPath,
    get(asked, o2) {
      const hit = readEntry(entryPath, key, o2?.shared === true);
      if (hit === void 0) return void 0;
      try {
        const now = /* @__PURE__ */ new Date();
        utimesSync(entryPath, now, now);
      } catch {
      }
      ;
      hit.report.file = asked;
      return hit;
    },
    put(loaded) {
      if (racy) return;
      try {
        const again = statSync2(real, { bigint: true });
        if (again.size !== st.size || again.mtimeNs !== st.mtimeNs || again.ctimeNs !== st.ctimeNs || again.ino !== st.ino) return;
        const chunks = encodeEntry(key, loaded);
        if (chunks === void 0 || chunks.reduce((n, c) => n + c.byteLength, 0) > capBytes) return;
        writeFileAtomic(entryPath, chunks);
        evict(dir2, capBytes, entryPath);
      } catch {
      }
    }
  };
}
function isOff(v) {
  return v !== void 0 && ["off", "0", "false", "no"].includes(v.trim().toLowerCase());
}
function maxBytes(v) {
  if (v === void 0 || v.trim() === "") return DEFAULT_CACHE_MAX_MB * 2 ** 20;
  const mb = Number(v);
  if (!Number.isFinite(mb) || mb <= 0) {
    throw new InputError(
      "environment variable OPTVAULT_CACHE_MAX_MB",
      "OPTVAULT_CACHE_MAX_MB",
      `must be a number of MiB above 0, got "${v}"`,
      `unset it for the default ${DEFAULT_CACHE_MAX_MB}, or turn the cache off with OPTVAULT_CACHE=off`
    );
  }
  return mb * 2 ** 20;
}
var align8 = (n) => n + 7 & ~7;
var columnBytes = (f) => f.type === "f64" ? f.count * 8 : f.type === "u8" ? align8(f.count) : 0;
var NUM_TAG = "$num";
function replacer(_k, v) {
  if (typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0))) return { [NUM_TAG]: Object.is(v, -0) ? "-0" : String(v) };
  return v;
}
function reviver(_k, v) {
  if (v !== null && typeof v === "object" && !Array.isArray(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === NUM_TAG) return Number(v[NUM_TAG]);
  }
  return v;
}
function encodeEntry(key, loaded) {
  const fields = [];
  const columns = [];
  for (const [name, v] of Object.entries(loaded.series)) {
    if (typeof v === "number") fields.push({ name, type: "number", value: v });
    else if (v instanceof Float64Array) {
      fields.push({ name, type: "f64", count: v.length });
      columns.push(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    } else if (v instanceof Uint8Array) {
      fields.push({ name, type: "u8", count: v.length });
      columns.push(v);
    } else if (Array.isArray(v) && v.every((s2) => typeof s2 === "string")) fields.push({ name, type: "strings", values: v });
    else return void 0;
  }
  const headerOf = (totalBytes) => Buffer.from(JSON.stringify({ format: CACHE_FORMAT, key, report: loaded.report, fields, totalBytes }, replacer), "utf8");
  const dataBytes = fields.reduce((s2, f) => s2 + columnBytes(f), 0);
  let total = align8(PREFIX_BYTES + headerOf(0).length) + dataBytes;
  let header = headerOf(total);
  total = align8(PREFIX_BYTES + header.length) + dataBytes;
  header = headerOf(total);
  if (align8(PREFIX_BYTES + header.length) + dataBytes !== total) return void 0;
  const head = Buffer.alloc(align8(PREFIX_BYTES + header.length));
  head.write(MAGIC, 0, "latin1");
  head.writeUInt32LE(header.length, 8);
  header.copy(head, PREFIX_BYTES);
  const out = [head];
  let c = 0;
  for (const f of fields) {
    if (f.type !== "f64" && f.type !== "u8") continue;
    const col = columns[c++];
    out.push(col);
    if (columnBytes(f) > col.byteLength) out.push(new Uint8Array(columnBytes(f) - col.byteLength));
  }
  return out;
}
function readEntry(entryPath, key, shared) {
  let fd;
  try {
    fd = openSync3(entryPath, "r");
  } catch (e) {
    if (e.code !== "ENOENT") drop(entryPath);
    return void 0;
  }
  try {
    const got = decodeEntry(fd, key, shared);
    if (got === void 0) drop(entryPath);
    return got;
  } catch {
    drop(entryPath);
    return void 0;
  } finally {
    closeSync3(fd);
  }
}
function decodeEntry(fd, key, shared) {
  const size = fstatSync(fd).size;
  if (size < PREFIX_BYTES) return void 0;
  const prefix = readExactly(fd, new Uint8Array(PREFIX_BYTES), 0);
  if (Buffer.from(prefix.buffer, 0, 8).toString("latin1") !== MAGIC) return void 0;
  const headerBytes = Buffer.from(prefix.buffer).readUInt32LE(8);
  if (PREFIX_BYTES + headerBytes > size) return void 0;
  const h = JSON.parse(Buffer.from(readExactly(fd, new Uint8Array(headerBytes), PREFIX_BYTES)).toString("utf8"), reviver);
  if (h.format !== CACHE_FORMAT || h.key !== key || h.totalBytes !== size || !Array.isArray(h.fields) || typeof h.report !== "object" || h.report === null) return void 0;
  let pos = align8(PREFIX_BYTES + headerBytes);
  for (const f of h.fields) {
    if ((f.type === "f64" || f.type === "u8") && !(Number.isSafeInteger(f.count) && f.count >= 0)) return void 0;
    pos += columnBytes(f);
  }
  if (pos !== size) return void 0;
  pos = align8(PREFIX_BYTES + headerBytes);
  const series = {};
  for (const f of h.fields) {
    if (f.type === "number") series[f.name] = f.value;
    else if (f.type === "strings") series[f.name] = f.values;
    else if (f.type === "f64") {
      const a = new Float64Array(shared ? new SharedArrayBuffer(f.count * 8) : new ArrayBuffer(f.count * 8));
      readExactly(fd, new Uint8Array(a.buffer), pos);
      series[f.name] = a;
    } else if (f.type === "u8") series[f.name] = readExactly(fd, new Uint8Array(f.count), pos);
    else return void 0;
    pos += columnBytes(f);
  }
  return { series, report: h.report };
}
function readExactly(fd, into, position) {
  let done = 0;
  while (done < into.length) {
    const n = readSync2(fd, into, done, into.length - done, position + done);
    if (n === 0) throw new Error("entry ended early");
    done += n;
  }
  return into;
}
function drop(path) {
  try {
    rmSync2(path, { force: true });
  } catch {
  }
}
function evict(dir2, capBytes, keep) {
  const entries2 = [];
  const now = Date.now();
  for (const name of readdirSync(dir2)) {
    const path = join2(dir2, name);
    try {
      const st = statSync2(path);
      if (name.endsWith(EXT)) entries2.push({ path, bytes: st.size, usedMs: st.mtimeMs });
      else if (name.startsWith(".") && name.endsWith(".tmp") && now - st.mtimeMs > STALE_TMP_MS) drop(path);
    } catch {
    }
  }
  let total = entries2.reduce((s2, e) => s2 + e.bytes, 0);
  if (total <= capBytes) return;
  entries2.sort((a, b) => a.usedMs - b.usedMs || (a.path < b.path ? -1 : 1));
  for (const e of entries2) {
    if (total <= capBytes) break;
    if (e.path === keep) continue;
    drop(e.path);
    total -= e.bytes;
  }
}

// data/read/loadSeries.ts
async function loadSeries(file2, o = {}) {
  const gaps = o.gaps ?? "error";
  const cache = seriesCache(file2, { kind: o.kind, gaps, snapshotMs: o.snapshotMs, cache: o.cache });
  const hit = cache?.get(file2, { shared: o.shared === true });
  if (hit !== void 0) return hit;
  const sink = new ProblemSink();
  const read = await readAny(file2, o, sink);
  const kind = seriesKindOf(read.series);
  if (o.kind !== void 0 && o.kind !== kind) {
    throw new DataError(file2, 1, "(kind)", `holds ${kind} (${read.format}) but ${o.kind} was asked for`, `pass --kind ${kind}, or the right file`);
  }
  const checked = validateSeries(read.series, { sink, lineOf: read.lineOf, gaps, ...read.columnNames ? { columnNames: read.columnNames } : {} });
  let series = read.series;
  let filled = 0;
  if (gaps === "forward-fill" && checked.gaps.count > 0) {
    const f = forwardFill(series, checked.barMs);
    series = f.series;
    filled = f.filled;
  }
  const report = {
    file: file2,
    kind,
    format: read.format,
    rows: checked.rows,
    firstMs: checked.firstMs,
    lastMs: checked.lastMs,
    barMs: checked.barMs,
    gapPolicy: gaps,
    gaps: { ...checked.gaps, filled },
    errors: sink.errors,
    warnings: sink.warnings,
    byCode: Object.fromEntries(sink.byCode),
    problems: sink.sorted(),
    notes: read.notes
  };
  const first = report.problems[0];
  if (o.throwOnError !== false && sink.errors > 0 && first !== void 0) {
    const more = sink.errors > 1 ? `; ${sink.errors - 1} more error(s): run \`optvault data validate ${file2}\` to list them` : "";
    throw new DataError(
      file2,
      first.line,
      first.column,
      problemText(read.format, first),
      (first.code === "gap" ? "pass --gaps skip to accept gaps or --gaps forward-fill to fill them" : "fix the value in the file") + more
    );
  }
  if (sink.errors === 0) cache?.put({ series, report });
  return { series: o.shared === true ? sharedColumns(series) : series, report };
}
async function readAny(file2, o, sink) {
  if (!existsSync3(file2)) throw new InputError(file2, "file", "does not exist", "check the path");
  const detected = detectFormat(file2, readHead(file2));
  if (detected === void 0) {
    throw new DataError(file2, 1, "(header)", "is not a layout optvault knows", "see data/README.md for the canonical headers (e.g. ts,open,high,low,close,volume)");
  }
  switch (detected.format) {
    case "parquet":
      return readParquet(file2, o.kind, sink);
    case "bars-csv":
      return readNumericCsv(file2, "bars", sink);
    case "vol-csv":
      return readNumericCsv(file2, "vol", sink);
    case "funding-csv":
      return readNumericCsv(file2, "funding", sink);
    case "gas-csv":
      return readNumericCsv(file2, "gas", sink);
    case "chain-csv":
      return readChainCsv(csvTable(file2, readFileSync2(file2, "utf8")), sink);
    case "cryptodatadownload-csv":
      return readCryptoDataDownloadCsv(csvTable(file2, readFileSync2(file2, "utf8"), detected.headerLine), sink);
    case "yahoo-csv":
      return readYahooCsv(csvTable(file2, readFileSync2(file2, "utf8")), sink);
    case "deribit-chain-csv":
      return readDeribitChainCsv(csvTable(file2, readFileSync2(file2, "utf8")), sink, o.snapshotMs === void 0 ? {} : { snapshotMs: o.snapshotMs });
    case "binance-klines-json":
      return readBinanceKlinesJson(jsonRows(file2, readFileSync2(file2, "utf8")), sink);
    case "deribit-dvol-candles-json":
      return readDeribitDvolJson(jsonRows(file2, readFileSync2(file2, "utf8")), sink);
    case "pairs-json": {
      const j = jsonRows(file2, readFileSync2(file2, "utf8"));
      return pairsKind(file2, j.rows, o.kind) === "vol" ? readDeribitDvolJson(j, sink) : readFundingPercentJson(j, sink);
    }
  }
}
function pairsKind(file2, rows, kind) {
  if (kind === "vol" || kind === "funding") return kind;
  if (kind !== void 0) throw new DataError(file2, 1, "(kind)", `holds [ms, value] pairs, which are vol or funding, not ${kind}`);
  if (/fund/i.test(basename4(file2))) return "funding";
  if (/vol/i.test(basename4(file2))) return "vol";
  const mags = rows.map((r) => Math.abs(Number(r[1]))).filter(Number.isFinite).sort((a, b) => a - b);
  return (mags[Math.floor(mags.length / 2)] ?? 0) >= 1 ? "vol" : "funding";
}
function readHead(file2) {
  const buf = Buffer.alloc(8192);
  const fd = openSync4(file2, "r");
  try {
    const n = readSync3(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString("utf8");
  } finally {
    closeSync4(fd);
  }
}
function sharedColumns(series) {
  const out = {};
  for (const [name, v] of Object.entries(series)) {
    out[name] = v instanceof Float64Array ? sharedColumn(v) : v;
  }
  return out;
}

// backtest/sweep/sharedData.ts
var SERIES = ["bars", "vol", "funding", "gas"];
var BAR_MS = { "1m": 6e4, "5m": 3e5, "15m": 9e5, "1h": 36e5, "4h": 144e5, "1d": 864e5 };
async function loadSharedData(config, configFile) {
  const d = config.data;
  if (d === void 0) throw new InputError(configFile, "data", "is missing", "add data: { bars: path/to/bars.csv } for a sweep.");
  const loaded = await loadSeries(d.bars, { kind: "bars", gaps: d.gapPolicy, shared: true });
  const barMs = loaded.report.barMs > 0 ? loaded.report.barMs : BAR_MS[d.barSize];
  const vol = d.vol !== void 0 ? (await loadSeries(d.vol, { kind: "vol", gaps: "skip", shared: true })).series : void 0;
  const funding = d.funding !== void 0 ? (await loadSeries(d.funding, { kind: "funding", gaps: "skip", shared: true })).series : void 0;
  const gas = d.gas !== void 0 ? (await loadSeries(d.gas, { kind: "gas", gaps: "skip", shared: true })).series : void 0;
  return shareData({ barMs, bars: loaded.series, ...vol ? { vol } : {}, ...funding ? { funding } : {}, ...gas ? { gas } : {} });
}
function shareData(s2) {
  const out = { barMs: s2.barMs };
  for (const k of SERIES) {
    const cols = s2[k];
    if (cols === void 0) continue;
    const copy = { length: cols.length };
    for (const [name, v] of Object.entries(cols)) {
      if (!(v instanceof Float64Array)) continue;
      copy[name] = sharedColumn(v, cols.length);
    }
    out[k] = copy;
  }
  return { ...out, id: dataId(out) };
}
function dataId(s2) {
  const h = createHash2("sha256").update(`barMs=${s2.barMs}`);
  for (const k of SERIES) {
    const cols = s2[k];
    if (cols === void 0) continue;
    for (const name of Object.keys(cols).sort()) {
      const v = cols[name];
      if (!(v instanceof Float64Array)) continue;
      h.update(`|${k}.${name}:${cols.length}|`);
      h.update(new Uint8Array(v.buffer, v.byteOffset, cols.length * 8));
    }
  }
  return h.digest("hex");
}

// engine/runtime/loadRunConfig.ts
import { readFileSync as readFileSync4 } from "node:fs";
import { dirname as dirname4, isAbsolute as isAbsolute4, resolve as resolve5 } from "node:path";
import { parse as parse4 } from "yaml";

// engine/config/loadConfig.ts
import { readFileSync as readFileSync3 } from "node:fs";
function loadConfig(file2, opts = {}) {
  let text;
  try {
    text = readFileSync3(file2, "utf8");
  } catch (e) {
    const code = e.code;
    throw new InputError(
      file2,
      "config file",
      code === "ENOENT" ? "does not exist" : `cannot be read (${code ?? String(e)})`,
      "pass the path of a YAML config, e.g. config/covered-call.yaml."
    );
  }
  return parseConfigText(text, file2, { ...opts, checkFiles: opts.checkFiles ?? true });
}

// engine/runtime/loadRunConfig.ts
async function loadRunConfig(file2, opts = {}) {
  const builtIns2 = await builtInStrategies();
  const knownStrategies = Object.keys(builtIns2);
  const known = knownStrategies.length > 0 ? { knownStrategies } : {};
  const ref = rawStrategyRef(file2);
  let strategy;
  try {
    if (ref === void 0) throw new Error("no strategy section");
    strategy = await loadStrategy(ref);
  } catch (e) {
    loadConfig(file2, { ...opts, ...known });
    throw e;
  }
  const config = loadConfig(file2, { ...opts, ...known, strategyParamsSchema: () => strategy.params });
  return { config, strategy, params: config.strategy.params };
}
function rawStrategyRef(file2) {
  let doc;
  try {
    doc = parse4(readFileSync4(file2, "utf8"));
  } catch {
    return void 0;
  }
  const s2 = doc?.strategy;
  if (s2 === void 0 || s2 === null || typeof s2 !== "object") return void 0;
  if (typeof s2.path === "string" && !s2.path.includes("${")) return { path: isAbsolute4(s2.path) ? s2.path : resolve5(dirname4(resolve5(file2)), s2.path) };
  if (typeof s2.name === "string") return { name: s2.name };
  return void 0;
}

// data/synth/gbm.ts
init_base();

// data/random/normalSampler.ts
var NormalSampler = class {
  constructor(rng) {
    this.rng = rng;
  }
  rng;
  spare = 0;
  hasSpare = false;
  /** One draw from N(0, 1). */
  next() {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u;
    let v;
    let s2;
    do {
      u = 2 * this.rng.uniform() - 1;
      v = 2 * this.rng.uniform() - 1;
      s2 = u * u + v * v;
    } while (s2 >= 1 || s2 === 0);
    const m = Math.sqrt(-2 * Math.log(s2) / s2);
    this.spare = v * m;
    this.hasSpare = true;
    return u * m;
  }
  /** Fills `out` with N(0, 1) draws, the same values `next()` would give one by one. */
  fill(out) {
    for (let i = 0; i < out.length; i++) out[i] = this.next();
    return out;
  }
};

// data/random/splitMix64.ts
init_base();
var MASK64 = (1n << 64n) - 1n;
function splitMix64(seed, count) {
  let state = seed & MASK64;
  const out = [];
  for (let i = 0; i < count; i++) {
    state = state + 0x9e3779b97f4a7c15n & MASK64;
    let z16 = state;
    z16 = (z16 ^ z16 >> 30n) * 0xbf58476d1ce4e5b9n & MASK64;
    z16 = (z16 ^ z16 >> 27n) * 0x94d049bb133111ebn & MASK64;
    out.push(z16 ^ z16 >> 31n);
  }
  return out;
}
function seedToBigInt(seed) {
  if (typeof seed === "number") {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new OptvaultError(
        `Seed must be a non-negative safe integer, got ${seed}.`,
        { fix: "Pass an integer between 0 and 2^53-1, or a bigint below 2^64." }
      );
    }
    return BigInt(seed);
  }
  if (seed < 0n || seed > MASK64) {
    throw new OptvaultError(`Seed must be between 0 and 2^64-1, got ${seed}.`);
  }
  return seed;
}

// data/random/xoshiro128.ts
var TWO_POW_26 = 67108864;
var TWO_POW_53 = 9007199254740992;
var Xoshiro128 = class {
  // kept as int32 (signed); every output is turned into uint32 with >>> 0
  s0;
  s1;
  s2;
  s3;
  constructor(seed) {
    const [w0, w1] = splitMix64(seedToBigInt(seed), 2);
    this.s0 = Number(w0 & 0xffffffffn) | 0;
    this.s1 = Number(w0 >> 32n) | 0;
    this.s2 = Number(w1 & 0xffffffffn) | 0;
    this.s3 = Number(w1 >> 32n) | 0;
  }
  /** Next 32 random bits as an unsigned integer in [0, 2^32). */
  uint32() {
    const s1 = this.s1;
    const m = Math.imul(s1, 5);
    const result = Math.imul(m << 7 | m >>> 25, 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = this.s3 << 11 | this.s3 >>> 21;
    return result;
  }
  /** Uniform on [0, 1) with 53 random bits (the full double mantissa): 27 bits from one draw, 26 from the next. */
  uniform() {
    const a = this.uint32() >>> 5;
    const b = this.uint32() >>> 6;
    return (a * TWO_POW_26 + b) / TWO_POW_53;
  }
};

// data/synth/simulateBars.ts
init_base();

// data/synth/synthGrid.ts
init_base();
function subStepYears(grid) {
  return grid.barMs / grid.subSteps / MS_PER_YEAR;
}
function checkGrid(grid) {
  const bad = (what) => {
    throw new OptvaultError(`Synthetic grid: ${what}.`);
  };
  if (!Number.isSafeInteger(grid.barMs) || grid.barMs <= 0) bad(`barMs must be a positive integer, got ${grid.barMs}`);
  if (!Number.isSafeInteger(grid.bars) || grid.bars < 0) bad(`bars must be a non-negative integer, got ${grid.bars}`);
  if (!Number.isSafeInteger(grid.subSteps) || grid.subSteps < 1) bad(`subSteps must be an integer >= 1, got ${grid.subSteps}`);
  if (!Number.isSafeInteger(grid.startMs) || grid.startMs % grid.barMs !== 0) {
    bad(`startMs ${grid.startMs} is not on the ${grid.barMs} ms bar grid (a multiple of barMs since 1970-01-01T00:00Z)`);
  }
}

// data/synth/simulateBars.ts
var DEFAULT_VOLUME_PER_DAY = 1e4;
function simulateBars(spot, grid, model, volume) {
  checkGrid(grid);
  if (!(spot > 0) || !Number.isFinite(spot)) throw new OptvaultError(`Synthetic spot must be a positive price, got ${spot}.`);
  const n = grid.bars;
  const tMs = new Float64Array(n);
  const open2 = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const vol = new Float64Array(n);
  const barYears = subStepYears(grid) * grid.subSteps;
  const volumePerBar = volume.perDay * (grid.barMs / MS_PER_DAY);
  const volScale = volume.refVol > 0 ? volumePerBar / volume.refVol : 0;
  let logS = Math.log(spot);
  let price = spot;
  for (let i = 0; i < n; i++) {
    const o = price;
    let hi = o;
    let lo = o;
    let sumSq = 0;
    for (let k = 0; k < grid.subSteps; k++) {
      const r = model.step();
      logS += r;
      sumSq += r * r;
      const s2 = Math.exp(logS);
      if (s2 > hi) hi = s2;
      if (s2 < lo) lo = s2;
    }
    const c = Math.exp(logS);
    price = c;
    tMs[i] = grid.startMs + i * grid.barMs;
    open2[i] = o;
    high[i] = hi;
    low[i] = lo;
    close[i] = c;
    vol[i] = volScale > 0 ? volScale * Math.sqrt(sumSq / barYears) : volumePerBar;
    model.barClosed?.(i);
  }
  return { length: n, tMs, open: open2, high, low, close, volume: vol };
}

// data/synth/checkParam.ts
init_base();
function checkNonNegative(name, value) {
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new OptvaultError(`Synthetic model parameter ${name} must be a finite number >= 0, got ${value}.`);
  }
}

// data/synth/gbm.ts
function simulateGbm(p, grid, seed) {
  checkNonNegative("vol", p.vol);
  if (!Number.isFinite(p.drift)) throw new OptvaultError(`GBM drift must be a finite annual rate, got ${p.drift}.`);
  const normal = new NormalSampler(new Xoshiro128(seed));
  const dt = subStepYears(grid);
  const mu = (p.drift - 0.5 * p.vol * p.vol) * dt;
  const sd = p.vol * Math.sqrt(dt);
  const model = { step: () => mu + sd * normal.next() };
  return simulateBars(p.spot, grid, model, { perDay: p.volumePerDay ?? DEFAULT_VOLUME_PER_DAY, refVol: p.vol });
}

// data/synth/csvText.ts
function barsCsvText(b) {
  const lines = ["ts,open,high,low,close,volume"];
  for (let i = 0; i < b.length; i++) {
    lines.push(`${new Date(b.tMs[i]).toISOString()},${b.open[i]},${b.high[i]},${b.low[i]},${b.close[i]},${b.volume[i]}`);
  }
  return lines.join("\n") + "\n";
}

// ../../tmp/perf/heapjobs2.mts
var dir = mkdtempSync(join3(tmpdir(), "tl-"));
process.env.OPTVAULT_CACHE = "off";
writeFileSync2(join3(dir, "bars.csv"), barsCsvText(simulateGbm({ spot: 4e4, vol: 0.6, drift: 0 }, { startMs: Date.UTC(2024, 0, 1), barMs: 6e4, bars: 90 * 1440, subSteps: 4 }, 7)));
var file = join3(dir, "covered-call.yaml");
writeFileSync2(file, readFileSync5("/work/main/config/covered-call.yaml", "utf8").replace(/data:\n[\s\S]*?\n\n/, "data:\n  bars: bars.csv\n  barSize: 1m\n  gapPolicy: forward-fill\n\n").replace(/iv:\n[\s\S]*?\n\n/, "iv:\n  source: constant\n  value: 0.6\n\n").replace("../runs/covered-call.journal.sqlite", "journal.sqlite"));
var configText = readFileSync5(file, "utf8");
var data = await loadSharedData((await loadRunConfig(file, { checkFiles: true })).config, file);
var job = (k) => ({ id: "x" + k, configFile: file, configText, params: { "hedge.band": 0.5 } });
for (let k = 0; k < 24; k++) await runSweepJob(job(k), data);
var s = new Session();
s.connect();
await s.post("HeapProfiler.enable");
await s.post("HeapProfiler.startSampling", { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
for (let k = 0; k < 16; k++) await runSweepJob(job(k), data);
var { profile } = await s.post("HeapProfiler.stopSampling");
var agg = /* @__PURE__ */ new Map();
var walk = (n, stack) => {
  const fr = `${n.callFrame.functionName || "(anon)"}:${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber + 1}`;
  const st = [...stack, fr];
  if (n.selfSize > 0) {
    const k = st.slice(-4).join(" < ");
    agg.set(k, (agg.get(k) ?? 0) + n.selfSize);
  }
  for (const c of n.children) walk(c, st);
};
walk(profile.head, []);
var tot = 0;
for (const v of agg.values()) tot += v;
console.log("total per job MB", (tot / 16 / 1e6).toFixed(2));
for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((v / 16 / 1e3).toFixed(0).padStart(6), "KB/job", k);
