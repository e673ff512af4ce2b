package io.gatescope.analyzer.index;

import io.gatescope.analyzer.model.Finding;
import io.gatescope.analyzer.model.Incident;
import io.gatescope.analyzer.model.StepStats;
import io.gatescope.analyzer.report.Json;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;

/**
 * The Lucene index of findings: incidents (upserted by id, so re-indexing never duplicates) and
 * timeline steps. Writes go through one {@link IndexWriter}; reads through a near-real-time {@link
 * SearcherManager}. Every query is bounded in size and result count. Thread-safe.
 */
public final class FindingsIndex implements Closeable {

    /** The most results one query returns. */
    public static final int MAX_LIMIT = 500;

    /** The longest query text accepted. */
    public static final int MAX_QUERY_LENGTH = 1000;

    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final java.util.concurrent.atomic.AtomicLong version =
            new java.util.concurrent.atomic.AtomicLong();

    public FindingsIndex(Path dir) throws IOException {
        IndexWriterConfig cfg = new IndexWriterConfig(new StandardAnalyzer());
        cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        this.writer = new IndexWriter(FSDirectory.open(dir), cfg);
        this.searchers = new SearcherManager(writer, null);
    }

    /** Upserts findings and makes them visible to searches. */
    public void upsert(Collection<Finding> findings) throws IOException {
        write(findings);
        refresh();
    }

    /**
     * Upserts findings without making them visible yet ({@link #refresh} does): a refresh writes a
     * segment, which is worth paying for an incident at once but not for every timeline step.
     */
    public void write(Collection<Finding> findings) throws IOException {
        for (Finding f : findings) {
            if (f.incident() != null
                    && Incident.RETRACTED.equals(f.incident().status())
                    && f.incident().supersededBy() == null) {
                writer.deleteDocuments(new Term(FindingsSchema.ID, f.incident().id()));
            } else if (f.incident() != null) {
                // A withdrawn incident that another replaced stays, out of every list and search,
                // so that its link (in an alert already sent) leads to its successor.
                writer.updateDocument(
                        new Term(FindingsSchema.ID, f.incident().id()),
                        FindingsSchema.incident(f.incident()));
            } else if (f.step() != null) {
                StepStats s = f.step();
                writer.updateDocument(
                        new Term(FindingsSchema.ID, FindingsSchema.stepId(s.service, s.stepStart)),
                        FindingsSchema.step(s));
            }
        }
    }

    /** Makes every finding written so far visible to searches. */
    public void refresh() throws IOException {
        searchers.maybeRefresh();
        version.incrementAndGet();
    }

    /** Changes with every upsert: answers computed at one version stay valid until it moves. */
    public long version() {
        return version.get();
    }

    /** Makes everything written so far durable. */
    public void commit() throws IOException {
        writer.commit();
    }

    /**
     * The filters of {@code GET /api/incidents}; null means "any".
     *
     * @param trigger a trigger kind any of the incident's causes names
     */
    public record IncidentQuery(
            Long from,
            Long to,
            String service,
            String cause,
            String status,
            String q,
            int limit,
            String trigger) {

        /** Without a trigger filter. */
        public IncidentQuery(
                Long from,
                Long to,
                String service,
                String cause,
                String status,
                String q,
                int limit) {
            this(from, to, service, cause, status, q, limit, null);
        }
    }

    /** A page of incidents, newest first, and how many matched in all. */
    public record Page(List<Incident> incidents, long total) {}

    public Page incidents(IncidentQuery iq) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(
                new TermQuery(new Term(FindingsSchema.TYPE, FindingsSchema.INCIDENT)),
                BooleanClause.Occur.FILTER);
        b.add(withdrawn(), BooleanClause.Occur.MUST_NOT);
        if (iq.from() != null) {
            b.add(
                    LongPoint.newRangeQuery(FindingsSchema.END, iq.from(), Long.MAX_VALUE),
                    BooleanClause.Occur.FILTER);
        }
        if (iq.to() != null) {
            b.add(
                    LongPoint.newRangeQuery(FindingsSchema.START, Long.MIN_VALUE, iq.to()),
                    BooleanClause.Occur.FILTER);
        }
        if (iq.service() != null && !iq.service().isBlank()) {
            b.add(
                    new TermQuery(new Term(FindingsSchema.SERVICE, iq.service())),
                    BooleanClause.Occur.FILTER);
        }
        if (iq.cause() != null && !iq.cause().isBlank()) {
            b.add(
                    new TermQuery(new Term(FindingsSchema.CAUSE, iq.cause())),
                    BooleanClause.Occur.FILTER);
        }
        if (iq.trigger() != null && !iq.trigger().isBlank()) {
            b.add(
                    new TermQuery(new Term(FindingsSchema.TRIGGER, iq.trigger())),
                    BooleanClause.Occur.FILTER);
        }
        if (iq.status() != null && !iq.status().isBlank()) {
            b.add(
                    new TermQuery(new Term(FindingsSchema.STATUS, iq.status())),
                    BooleanClause.Occur.FILTER);
        }
        if (iq.q() != null && !iq.q().isBlank()) {
            b.add(parse(iq.q()), BooleanClause.Occur.MUST);
        }
        return search(
                b.build(),
                iq.limit(),
                new Sort(new SortField(FindingsSchema.START, SortField.Type.LONG, true)));
    }

    /** Full-text search over incidents, best match first. */
    public Page search(String q, int limit) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(
                new TermQuery(new Term(FindingsSchema.TYPE, FindingsSchema.INCIDENT)),
                BooleanClause.Occur.FILTER);
        b.add(withdrawn(), BooleanClause.Occur.MUST_NOT);
        b.add(parse(q), BooleanClause.Occur.MUST);
        return search(b.build(), limit, null);
    }

    private static Query withdrawn() {
        return new TermQuery(new Term(FindingsSchema.STATUS, Incident.RETRACTED));
    }

    /** One incident by id, or null. */
    public Incident incident(String id) {
        Page p = search(new TermQuery(new Term(FindingsSchema.ID, id)), 1, null);
        return p.incidents().isEmpty() ? null : p.incidents().get(0);
    }

    /** A service's steps in [from, to], in time order (at most {@code max}). */
    public List<StepStats> steps(String service, long from, long to, int max) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(
                new TermQuery(new Term(FindingsSchema.TYPE, FindingsSchema.STEP)),
                BooleanClause.Occur.FILTER);
        b.add(new TermQuery(new Term(FindingsSchema.SERVICE, service)), BooleanClause.Occur.FILTER);
        b.add(LongPoint.newRangeQuery(FindingsSchema.TIME, from, to), BooleanClause.Occur.FILTER);
        List<StepStats> out = new ArrayList<>();
        withSearcher(
                s -> {
                    TopDocs docs =
                            s.search(
                                    b.build(),
                                    Math.min(max, 20_000),
                                    new Sort(
                                            new SortField(
                                                    FindingsSchema.TIME, SortField.Type.LONG)));
                    for (ScoreDoc d : docs.scoreDocs) {
                        out.add(
                                Json.mapper()
                                        .readValue(
                                                s.storedFields()
                                                        .document(d.doc)
                                                        .get(FindingsSchema.JSON),
                                                StepStats.class));
                    }
                    return null;
                });
        return out;
    }

    private Query parse(String q) {
        if (q.length() > MAX_QUERY_LENGTH) {
            throw new BadQueryException("query longer than " + MAX_QUERY_LENGTH + " characters");
        }
        QueryParser parser = new QueryParser(FindingsSchema.TEXT, new StandardAnalyzer());
        parser.setAllowLeadingWildcard(false);
        try {
            return parser.parse(q);
        } catch (ParseException | RuntimeException e) {
            String msg =
                    e.getMessage() == null
                            ? "invalid query"
                            : e.getMessage().lines().findFirst().orElse("invalid query");
            throw new BadQueryException("bad query syntax: " + msg);
        }
    }

    private Page search(Query q, int limit, Sort sort) {
        int n = Math.max(1, Math.min(limit <= 0 ? 50 : limit, MAX_LIMIT));
        return withSearcher(
                s -> {
                    TopDocs docs = sort == null ? s.search(q, n) : s.search(q, n, sort);
                    List<Incident> out = new ArrayList<>(docs.scoreDocs.length);
                    for (ScoreDoc d : docs.scoreDocs) {
                        Document doc = s.storedFields().document(d.doc);
                        out.add(
                                Json.mapper()
                                        .readValue(doc.get(FindingsSchema.JSON), Incident.class));
                    }
                    return new Page(out, docs.totalHits.value);
                });
    }

    private interface SearchAction<T> {
        T run(IndexSearcher s) throws IOException;
    }

    private <T> T withSearcher(SearchAction<T> action) {
        try {
            IndexSearcher s = searchers.acquire();
            try {
                return action.run(s);
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (BooleanQuery.TooManyClauses e) {
            throw new BadQueryException("query expands to too many terms");
        }
    }

    @Override
    public void close() throws IOException {
        searchers.close();
        writer.commit();
        writer.close();
    }
}
