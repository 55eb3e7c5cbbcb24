package io.sqsmega.dispatch;

import io.sqsmega.codec.PayloadKind;
import io.sqsmega.match.Expr;
import io.sqsmega.match.IndexKeys;
import io.sqsmega.match.Match;
import io.sqsmega.match.MatchInput;
import io.sqsmega.match.MatchResult;
import io.sqsmega.match.PathReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the subscriptions of one queue that a message matches, in registration order, without
 * evaluating all of them.
 *
 * <p>At build time every subscription's top-level conjunction is searched for equality conditions
 * ({@code path == literal}, {@code path in [...]}, on any path, {@code [*]} included). Each
 * subscription is indexed under the one such condition whose path has the most distinct values
 * across all subscriptions (so {@code event.name} wins over the {@code kind} guard). At dispatch,
 * each indexed path is read once and its values looked up; only those candidates, plus the
 * subscriptions without an indexable condition (pre-filtered by payload kind), are evaluated.
 * A skipped subscription's indexed conjunct is false, so its whole conjunction is false
 * (not undecided): the result is exactly that of evaluating every matcher.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the target type
 */
public final class Dispatcher<T> {

    private final List<Subscription<T>> subscriptions;
    private final PathIndex[] indexes;
    private final Map<PayloadKind, int[]> unindexedByKind;
    private final int unindexedCount;
    private final String[] filedUnder;

    private Dispatcher(List<Subscription<T>> subscriptions) {
        this.subscriptions = List.copyOf(subscriptions);
        List<List<Candidate>> candidates = new ArrayList<>();
        Map<Expr.Path, Map<Object, Boolean>> distinctKeys = new HashMap<>();
        for (Subscription<T> subscription : this.subscriptions) {
            List<Candidate> found = indexableConditions(subscription.matcher().tree());
            for (Candidate candidate : found) {
                Map<Object, Boolean> keys = distinctKeys.computeIfAbsent(candidate.path(), p -> new HashMap<>());
                candidate.literals().forEach(literal -> IndexKeys.forLiteral(literal, key -> keys.put(key, true)));
            }
            candidates.add(found);
        }
        Map<Expr.Path, Map<Object, List<Integer>>> postings = new LinkedHashMap<>();
        Map<PayloadKind, List<Integer>> unindexed = new EnumMap<>(PayloadKind.class);
        int unindexedTotal = 0;
        this.filedUnder = new String[this.subscriptions.size()];
        for (int id = 0; id < this.subscriptions.size(); id++) {
            Candidate best = null;
            for (Candidate candidate : candidates.get(id)) {
                if (best == null || distinctKeys.get(candidate.path()).size() > distinctKeys.get(best.path()).size()) {
                    best = candidate;
                }
            }
            if (best == null) {
                unindexedTotal++;
                for (PayloadKind kind : this.subscriptions.get(id).matcher().possibleKinds()) {
                    unindexed.computeIfAbsent(kind, k -> new ArrayList<>()).add(id);
                }
                continue;
            }
            filedUnder[id] = Match.render(best.path()) + (best.literals().size() == 1 ? " == "
                    + Match.render(new Expr.Literal(best.literals().get(0))) : " in " + Match.render(
                    new Expr.ListLiteral(best.literals().stream().map(Expr.Literal::new).toList())));
            Map<Object, List<Integer>> byKey = postings.computeIfAbsent(best.path(), p -> new HashMap<>());
            int subscriptionId = id;
            best.literals().forEach(literal -> IndexKeys.forLiteral(literal,
                    key -> addOnce(byKey.computeIfAbsent(key, k -> new ArrayList<>()), subscriptionId)));
        }
        this.indexes = postings.entrySet().stream()
                .map(entry -> new PathIndex(PathReader.of(entry.getKey()), freeze(entry.getValue())))
                .toArray(PathIndex[]::new);
        this.unindexedByKind = new EnumMap<>(PayloadKind.class);
        for (PayloadKind kind : PayloadKind.values()) {
            unindexedByKind.put(kind, toArray(unindexed.getOrDefault(kind, List.of())));
        }
        this.unindexedCount = unindexedTotal;
    }

    /**
     * Builds a dispatcher.
     *
     * @param subscriptions the subscriptions in registration order
     * @param <T> the target type
     * @return the dispatcher
     */
    public static <T> Dispatcher<T> of(List<Subscription<T>> subscriptions) {
        return new Dispatcher<>(subscriptions);
    }

    /**
     * Finds the matching targets.
     *
     * @param input the decoded message
     * @return the matched and undecided targets, in registration order
     * @throws io.sqsmega.match.MatchBudgetExceededException when the message is over the match budget
     *         for a subscription it is evaluated against
     */
    public DispatchResult<T> dispatch(MatchInput input) {
        int[] candidates = candidates(input);
        List<T> matched = new ArrayList<>(2);
        List<T> undecided = List.of();
        for (int id : candidates) {
            Subscription<T> subscription = subscriptions.get(id);
            MatchResult result = subscription.matcher().evaluate(input);
            if (result == MatchResult.TRUE) {
                matched.add(subscription.target());
            }
            else if (result == MatchResult.UNDECIDED) {
                if (undecided.isEmpty()) {
                    undecided = new ArrayList<>(1);
                }
                undecided.add(subscription.target());
            }
        }
        return new DispatchResult<>(matched, undecided);
    }

    /** @return the subscriptions, in registration order */
    public List<Subscription<T>> subscriptions() {
        return subscriptions;
    }

    /** @return how many subscriptions have no indexable condition and are evaluated for every message of their kinds */
    public int unindexedCount() {
        return unindexedCount;
    }

    /**
     * Where the index files a subscription, for people (the Actuator endpoint): the condition whose
     * values lead to it, e.g. {@code event.name == 'item.added'}.
     *
     * @param subscription the subscription's position in registration order
     * @return the condition, or {@code null} when it has no indexable condition (then it is
     *         evaluated for every message of the kinds it can match)
     */
    public String filedUnder(int subscription) {
        return filedUnder[subscription];
    }

    /** @return the paths the index reads, in the order they are read */
    public List<Expr.Path> indexedPaths() {
        return Arrays.stream(indexes).map(index -> index.reader().path()).toList();
    }

    private int[] candidates(MatchInput input) {
        int[] unindexed = unindexedByKind.get(input.kind());
        int[] found = new int[8];
        int count = 0;
        for (PathIndex index : indexes) {
            for (Object value : index.reader().values(input)) {
                int[][] hits = new int[4][];
                int[] hitCount = {0};
                IndexKeys.forValue(value, key -> {
                    int[] posting = index.postings().get(key);
                    if (posting != null && hitCount[0] < hits.length) {
                        hits[hitCount[0]++] = posting;
                    }
                });
                for (int h = 0; h < hitCount[0]; h++) {
                    int[] posting = hits[h];
                    if (count + posting.length > found.length) {
                        found = Arrays.copyOf(found, Math.max(found.length * 2, count + posting.length));
                    }
                    System.arraycopy(posting, 0, found, count, posting.length);
                    count += posting.length;
                }
            }
        }
        if (count == 0) {
            return unindexed;
        }
        Arrays.sort(found, 0, count);
        return mergeUnique(found, count, unindexed);
    }

    /** Merges a sorted array (with duplicates) and a sorted unique array into a sorted unique array. */
    private static int[] mergeUnique(int[] a, int aCount, int[] b) {
        int[] merged = new int[aCount + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < aCount || j < b.length) {
            int next = j >= b.length || (i < aCount && a[i] <= b[j]) ? a[i++] : b[j++];
            if (n == 0 || merged[n - 1] != next) {
                merged[n++] = next;
            }
        }
        return n == merged.length ? merged : Arrays.copyOf(merged, n);
    }

    /** Equality conditions of the top-level conjunction. */
    private static List<Candidate> indexableConditions(Expr tree) {
        List<Expr> conjuncts = tree instanceof Expr.And and ? and.operands() : List.of(tree);
        List<Candidate> found = new ArrayList<>();
        for (Expr conjunct : conjuncts) {
            if (conjunct instanceof Expr.Compare compare && compare.op() == Expr.Op.EQ) {
                if (compare.left() instanceof Expr.Path path && compare.right() instanceof Expr.Literal literal
                        && IndexKeys.isIndexable(literal.value())) {
                    found.add(new Candidate(path, List.of(literal.value())));
                }
                else if (compare.right() instanceof Expr.Path path && compare.left() instanceof Expr.Literal literal
                        && IndexKeys.isIndexable(literal.value())) {
                    found.add(new Candidate(path, List.of(literal.value())));
                }
            }
            else if (conjunct instanceof Expr.In in && !in.negated() && in.value() instanceof Expr.Path path
                    && in.list().elements().stream().allMatch(e -> IndexKeys.isIndexable(e.value()))) {
                found.add(new Candidate(path, in.list().elements().stream().map(Expr.Literal::value).toList()));
            }
        }
        return found;
    }

    private static void addOnce(List<Integer> posting, int id) {
        if (posting.isEmpty() || posting.get(posting.size() - 1) != id) {
            posting.add(id);
        }
    }

    private static Map<Object, int[]> freeze(Map<Object, List<Integer>> postings) {
        Map<Object, int[]> frozen = new HashMap<>(Math.max(16, postings.size() * 2));
        postings.forEach((key, ids) -> frozen.put(key, toArray(ids)));
        return frozen;
    }

    private static int[] toArray(List<Integer> ids) {
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** An equality condition a subscription could be indexed under. */
    private record Candidate(Expr.Path path, List<Object> literals) {
    }

    /** The postings of one path: key to subscription ids, ascending. */
    private record PathIndex(PathReader reader, Map<Object, int[]> postings) {
    }
}
