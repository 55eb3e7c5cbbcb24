package io.sqsmega.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Reads and writes MEGA timestamps.
 *
 * <p>Readers are tolerant: ISO-8601 date-time with or without an offset (no offset means UTC),
 * 0 to 9 fractional digits, {@code T} or a space between date and time. Writers are strict: UTC
 * with {@code Z} and at least millisecond digits, e.g. {@code 2020-05-22T03:03:07.209Z}; digits
 * below the millisecond are written only when the instant has them, so formatting never loses
 * precision.
 */
public final class Timestamps {

    private static final DateTimeFormatter READER = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart()
            .appendOffset("+HH:MM:ss", "Z")
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HHmm", "Z")
            .optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT)
            .withChronology(IsoChronology.INSTANCE);

    private static final DateTimeFormatter MILLIS = new DateTimeFormatterBuilder().appendInstant(3).toFormatter();
    private static final DateTimeFormatter MICROS = new DateTimeFormatterBuilder().appendInstant(6).toFormatter();
    private static final DateTimeFormatter NANOS = new DateTimeFormatterBuilder().appendInstant(9).toFormatter();

    private Timestamps() {
    }

    /**
     * Parses a MEGA timestamp.
     *
     * @param text the timestamp text, may be {@code null}
     * @return the instant, or {@code null} when the text is not an ISO-8601 date-time
     */
    public static Instant parseOrNull(String text) {
        if (text == null || text.length() < 16 || text.length() > 64) {
            return null;
        }
        Instant fast = parseCanonical(text);
        if (fast != null) {
            return fast;
        }
        String normalized = text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        try {
            TemporalAccessor parsed = READER.parse(normalized);
            LocalDateTime local = LocalDateTime.from(parsed);
            ZoneOffset offset = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                    ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS))
                    : ZoneOffset.UTC;
            return OffsetDateTime.of(local, offset).toInstant();
        }
        catch (DateTimeException ex) {
            return null;
        }
    }

    /**
     * The fast path for what writers actually emit, {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}][Z|±HH:MM]}
     * (the general formatter costs about a microsecond a call). Returns {@code null} for anything
     * else, including invalid field values, and lets the formatter decide.
     */
    private static Instant parseCanonical(String text) {
        int length = text.length();
        if (length < 19 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int position = 19;
        int nanos = 0;
        if (position < length && text.charAt(position) == '.') {
            int start = ++position;
            while (position < length && position - start < 10 && isDigit(text.charAt(position))) {
                nanos = nanos * 10 + (text.charAt(position++) - '0');
            }
            int count = position - start;
            if (count == 0 || count > 9) {
                return null;
            }
            for (int i = count; i < 9; i++) {
                nanos *= 10;
            }
        }
        int offsetSeconds = 0;
        if (position < length) {
            char sign = text.charAt(position);
            if (sign == 'Z' && position + 1 == length) {
                position++;
            }
            else if ((sign == '+' || sign == '-') && position + 6 == length && text.charAt(position + 3) == ':') {
                int offsetHours = digits(text, position + 1, 2);
                int offsetMinutes = digits(text, position + 4, 2);
                if ((offsetHours | offsetMinutes) < 0 || offsetHours > 18 || offsetMinutes > 59) {
                    return null;
                }
                offsetSeconds = (sign == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
                position = length;
            }
            else {
                return null;
            }
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                    .toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
        }
        catch (DateTimeException ex) {
            return null;
        }
    }

    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Parses a MEGA timestamp, failing with a message that quotes the text.
     *
     * @param text the timestamp text
     * @return the instant
     * @throws IllegalArgumentException when the text is not an ISO-8601 date-time
     */
    public static Instant parse(String text) {
        Instant instant = parseOrNull(text);
        if (instant == null) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 date-time "
                    + "(expected e.g. 2020-05-04T15:53:23.123Z; no offset means UTC)");
        }
        return instant;
    }

    /**
     * Formats an instant the way MEGA writers do: UTC, {@code Z}, milliseconds, and finer digits
     * only when the instant has them.
     *
     * @param instant the instant
     * @return the ISO-8601 text
     */
    public static String format(Instant instant) {
        int nanos = instant.getNano();
        if (nanos % 1_000_000 == 0) {
            return MILLIS.format(instant);
        }
        return (nanos % 1_000 == 0 ? MICROS : NANOS).format(instant);
    }
}
