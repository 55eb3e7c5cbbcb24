/**
 * The match language: {@link io.sqsmega.match.MatchCompiler} compiles an expression (text, or an
 * {@link io.sqsmega.match.Expr} built with {@link io.sqsmega.match.Match}) into an immutable,
 * thread-safe {@link io.sqsmega.match.Matcher}. Evaluation never throws on data and runs no code
 * but the functions a user registered by name.
 */
package io.sqsmega.match;
