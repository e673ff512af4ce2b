package io.gatescope.analyzer.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.gatescope.analyzer.model.Cause;
import io.gatescope.analyzer.model.Evidence;
import io.gatescope.analyzer.model.Incident;
import io.gatescope.analyzer.model.StepStats;
import io.gatescope.analyzer.report.Json;
import java.time.Instant;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;

/**
 * The findings index schema, in one place. Two kinds of documents: an incident (its latest version)
 * and a timeline step of a service. Each field's choice is explained where it is added.
 */
public final class FindingsSchema {

    public static final String TYPE = "type";
    public static final String ID = "id";
    public static final String SERVICE = "service";
    public static final String CAUSE = "cause";
    public static final String CAUSES = "causes";
    public static final String TRIGGER = "trigger";
    public static final String STATUS = "status";
    public static final String START = "start";
    public static final String END = "end";
    public static final String TIME = "time";
    public static final String TEXT = "text";
    public static final String JSON = "json";

    public static final String INCIDENT = "incident";
    public static final String STEP = "step";

    private FindingsSchema() {}

    /** An incident document; re-indexing the same id replaces it. */
    public static Document incident(Incident i) {
        Document d = new Document();
        // Exact-match keyword: filters "incidents only" without scoring.
        d.add(new StringField(TYPE, INCIDENT, Field.Store.NO));
        // Keyword, stored: the upsert key (updateDocument by term) and what lookups by id hit.
        d.add(new StringField(ID, i.id(), Field.Store.YES));
        // Keyword: the service filter matches the whole name, never a token of it.
        d.add(new StringField(SERVICE, i.service(), Field.Store.NO));
        // Keyword: the top cause code, for the cause filter; every ranked code too, for search.
        d.add(new StringField(CAUSE, i.topCause(), Field.Store.NO));
        for (Cause c : i.causes()) {
            d.add(new StringField(CAUSES, c.cause(), Field.Store.NO));
            if (c.trigger() != null) {
                // Keyword, one per cause that has one: the trigger filter (OOM_KILL, DEPLOY...).
                d.add(new StringField(TRIGGER, c.trigger().kind(), Field.Store.NO));
            }
        }
        // Keyword: open/closed filter.
        d.add(new StringField(STATUS, i.status(), Field.Store.NO));
        long start = Instant.parse(i.start()).toEpochMilli();
        long end = Instant.parse(i.end()).toEpochMilli();
        // Points for time-range filters; doc values to sort newest first without loading documents.
        d.add(new LongPoint(START, start));
        d.add(new NumericDocValuesField(START, start));
        d.add(new LongPoint(END, end));
        // Analyzed, not stored: the full-text search over service, peers, summaries, evidence and
        // examples.
        d.add(new TextField(TEXT, searchText(i), Field.Store.NO));
        // Stored only: the incident exactly as the API returns it, so a hit needs no other store.
        d.add(new StoredField(JSON, toJson(i)));
        return d;
    }

    /** A timeline step document, keyed by service and step start. */
    public static Document step(StepStats s) {
        Document d = new Document();
        d.add(new StringField(TYPE, STEP, Field.Store.NO));
        d.add(new StringField(ID, stepId(s.service, s.stepStart), Field.Store.YES));
        d.add(new StringField(SERVICE, s.service, Field.Store.NO));
        // Point for the range query of a timeline; doc values to return steps in time order.
        d.add(new LongPoint(TIME, s.stepStart));
        d.add(new NumericDocValuesField(TIME, s.stepStart));
        d.add(new StoredField(JSON, toJson(s)));
        return d;
    }

    public static String stepId(String service, long stepStart) {
        return "step|" + service + "|" + stepStart;
    }

    private static String searchText(Incident i) {
        StringBuilder sb = new StringBuilder(1024);
        sb.append(i.service())
                .append(' ')
                .append(String.join(" ", i.targets()))
                .append(' ')
                .append(i.kind());
        for (Cause c : i.causes()) {
            sb.append('\n')
                    .append(c.cause())
                    .append(' ')
                    .append(c.summary())
                    .append(' ')
                    .append(c.proxyStatus());
            evidence(sb, c.evidence());
            if (c.trigger() != null) {
                // The upstream's and the platform's lines are found like the gateway's.
                sb.append('\n')
                        .append(c.trigger().kind())
                        .append(' ')
                        .append(c.trigger().summary());
                evidence(sb, c.trigger().evidence());
            }
        }
        evidence(sb, i.nearby() == null ? List.of() : i.nearby());
        return sb.toString();
    }

    private static void evidence(StringBuilder sb, List<Evidence> evidence) {
        for (Evidence e : evidence) {
            sb.append('\n').append(e.text());
            e.examples().forEach(x -> sb.append('\n').append(x));
        }
    }

    private static String toJson(Object o) {
        try {
            return Json.mapper().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise finding", e);
        }
    }
}
