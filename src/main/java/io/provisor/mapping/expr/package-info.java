/**
 * Entra's attribute-mapping expression language: {@link io.provisor.mapping.expr.Expression#parse parse}
 * once, {@link io.provisor.mapping.expr.Expression#evaluate evaluate} per user. Depends on the JDK only.
 *
 * ## Where the documentation is silent: our choices
 *
 * Each function's Javadoc states its own; the table tests under
 * `src/test/resources/expressions` show each one, with a note starting "choice:".
 *
 * **Syntax**
 * - `True` and `False` are Boolean constants, and `vbBinaryCompare`/`vbTextCompare` are 0 and 1, as in VBA.
 * - Numbers are whole, 64-bit: decimal (`-10`) or hexadecimal (`&HF7`); `1.5` is a syntax error.
 * - In a string, `\"` and `\\` are escapes; a backslash before any other character is kept, so the
 *   pattern `"\d"` means what its author meant.
 * - A comparison (`=`, `<>`, `>`, `>=`, `<`, `<=`) may stand only as IIF's condition or CBool's
 *   argument; it does not chain. Null compares as `""`; a number against text that reads as a number
 *   compares numerically, a Boolean against True/False text as Booleans, anything else as
 *   case-sensitive text.
 * - Calls nest at most 100 deep (`too_deep`); SelectUniqueValue must be the whole expression
 *   (`misplaced_function`); a required argument left empty is `missing_argument`.
 * - Literal arguments are checked at parse time where a function can tell they never work (a regex,
 *   a date format, an interval, a culture, a 1-based index of 0); the same checks run at evaluation
 *   for values that arrive then, failing with `invalid_argument` at the argument's offset.
 *
 * **Values**
 * - Dates travel between functions as UTC strings in the `M/d/yyyy h:mm:ss tt` form the doc gives for
 *   CDate, DateAdd and Now. A date read without an offset is UTC; an offset read is applied.
 * - Booleans print as `True`/`False`; decimals without trailing zeros.
 * - A function taking one value given a multi-valued attribute uses its only value, or null for none,
 *   and fails for several. A multi-valued attribute with no values counts as null.
 * - `Redact` is contagious: a value computed from a redacted one is redacted.
 * - `IgnoreFlowIfNullOrEmpty` wins wherever it sits: when it fires, the whole expression yields
 *   {@link io.provisor.mapping.expr.Expression#IGNORE}.
 * - Arguments are evaluated lazily and at most once: IIF and Switch run only the branch they take.
 *
 * **Behaviour reproduced on purpose**
 * - IIF's documented limitation: when an attribute read in the condition is null or empty, the
 *   condition check fails and IIF gives null. Switch with a `""` key is the documented workaround.
 *
 * **Beyond the fixed API**
 * - {@link io.provisor.mapping.expr.Expression.Context#valueTaken} (a default method, answering
 *   "free") lets SelectUniqueValue ask the target; when every candidate is taken the evaluation fails
 *   with `no_unique_value`, the cue to escrow the entry.
 */
package io.provisor.mapping.expr;
