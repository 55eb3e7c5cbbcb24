package io.sqsmega.match;

/**
 * Where a piece of an expression stands: 1-based line and column, and length in characters.
 */
record Span(int offset, int line, int column, int length) {

    /** A span from this one's start to the end of another. */
    Span to(Span end) {
        int endOffset = end.offset + end.length;
        return new Span(offset, line, column, Math.max(1, end.line == line ? endOffset - offset : length));
    }
}
