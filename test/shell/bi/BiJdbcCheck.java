/*
 * BiJdbcCheck: BI through the PostgreSQL JDBC driver (Debian's
 * libpostgresql-jdbc-java), the driver DBeaver, Metabase and most BI tools
 * use. Run by test/shell/bi_jdbc.sh against a database with the demo
 * programme, its BI views (demo/bi.sql) and test/shell/bi/sample.sql:
 *
 *   java -cp /usr/share/java/postgresql.jar:DIR BiJdbcCheck DB READER READER_PASSWORD
 *
 * (host, port, user and password of the owner from PGHOST, PGPORT, PGUSER,
 * PGPASSWORD). Checks what a BI tool sees: the views listed with their
 * comments, DatabaseMetaData.getColumns type names and JDBC types (no OTHER),
 * values through the typed getters; each extension type read as text and as
 * jsonb and written back; and a reporting role that may read programme_bi
 * but not the tables under it. Prints "# ..." per failed check; exit 1 if any.
 */
import java.math.BigDecimal;
import java.sql.*;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.*;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class BiJdbcCheck {
	static int checks = 0, failed = 0;

	static void check(boolean ok, String what) {
		checks++;
		if (!ok) {
			failed++;
			System.out.println("# FAILED: " + what);
		}
	}

	static void eq(Object have, Object want, String what) {
		check(Objects.equals(have, want), what + ": have " + have + ", want " + want);
	}

	static String env(String name, String dflt) {
		String v = System.getenv(name);
		return v == null || v.isEmpty() ? dflt : v;
	}

	static Connection connect(String db, String user, String password) throws SQLException {
		String host = env("PGHOST", "localhost");
		if (host.startsWith("/"))
			host = "localhost";			/* JDBC speaks TCP only */
		Properties p = new Properties();
		p.setProperty("user", user);
		if (password != null)
			p.setProperty("password", password);
		return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + env("PGPORT", "5432") + "/" + db, p);
	}

	static String one(Connection c, String sql) throws SQLException {
		try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
			r.next();
			return r.getString(1);
		}
	}

	public static void main(String[] args) throws Exception {
		String db = args[0];
		try (Connection c = connect(db, env("PGUSER", System.getProperty("user.name")), System.getenv("PGPASSWORD"))) {
			noPath(c);
			metadata(c);
			views(c);
			types(c);
		}
		try (Connection c = connect(db, args[1], args[2])) {
			reader(c);
		}
		System.out.println("# pgjdbc " + org.postgresql.Driver.class.getPackage().getImplementationVersion()
						   + ": " + checks + " checks, " + failed + " failed");
		System.exit(failed == 0 ? 0 : 1);
	}

	/*
	 * A fresh client that sets nothing: the extension lives in public, so its
	 * types and operators resolve on the default search_path, and a subtree
	 * filter takes its code through a bound parameter.
	 */
	static void noPath(Connection c) throws SQLException {
		eq(one(c, "SHOW search_path"), "\"$user\", public", "the client runs on the default search_path");
		String want = one(c, "SELECT count(*) FROM programme.opportunity WHERE sector <@ 'gbt4754:C'");
		check(Integer.parseInt(want) > 0, "a literal subtree filter finds manufacturing opportunities (" + want + ")");
		try (PreparedStatement ps = c.prepareStatement(
				 "SELECT count(*) FROM programme.opportunity WHERE sector <@ ?::sector")) {
			ps.setString(1, "gbt4754:C");
			try (ResultSet r = ps.executeQuery()) {
				check(r.next(), "bound ?::sector filter returns a row");
				eq(r.getString(1), want, "subtree filter through a bound string parameter (?::sector)");
			}
		}
		try (PreparedStatement ps = c.prepareStatement(
				 "SELECT count(*) FROM programme.opportunity WHERE sector <@ ?")) {
			ps.setObject(1, "gbt4754:C", Types.OTHER);
			try (ResultSet r = ps.executeQuery()) {
				check(r.next(), "bound untyped filter returns a row");
				eq(r.getString(1), want, "subtree filter through an untyped bound parameter (setObject OTHER)");
			}
		}
	}

	/* What a BI tool's schema browser sees. */
	static final Set<String> PLAIN = Set.of("text", "varchar", "int4", "int8", "numeric", "date",
											"timestamptz", "bool", "float8");

	static void metadata(Connection c) throws SQLException {
		DatabaseMetaData md = c.getMetaData();
		Map<String, String> views = new TreeMap<>();
		try (ResultSet r = md.getTables(null, "programme_bi", "%", new String[] {"VIEW"})) {
			while (r.next())
				views.put(r.getString("TABLE_NAME"), r.getString("REMARKS"));
		}
		for (String v : List.of("cluster", "cluster_rollup", "funnel", "opportunity", "target_status", "top_match")) {
			check(views.containsKey(v), "getTables lists view programme_bi." + v);
			check(views.get(v) != null && !views.get(v).isEmpty(), "view " + v + " has a comment");
		}
		Map<String, String> typeName = new HashMap<>();
		Map<String, Integer> jdbcType = new HashMap<>();
		int n = 0;
		try (ResultSet r = md.getColumns(null, "programme_bi", "%", "%")) {
			while (r.next()) {
				String col = r.getString("TABLE_NAME") + "." + r.getString("COLUMN_NAME");
				String tn = r.getString("TYPE_NAME");
				int jt = r.getInt("DATA_TYPE");
				typeName.put(col, tn);
				jdbcType.put(col, jt);
				n++;
				check(PLAIN.contains(tn), "getColumns " + col + " type name " + tn + " is a plain type");
				check(jt != Types.OTHER && jt != Types.JAVA_OBJECT && jt != Types.STRUCT && jt != Types.DISTINCT
					  && jt != Types.NULL, "getColumns " + col + " JDBC type " + jt + " is not OTHER");
			}
		}
		check(n > 50, "getColumns reports the views' columns (" + n + ")");
		Object[][] want = {
			{"opportunity.opp_id", "int4", Types.INTEGER},
			{"opportunity.title", "text", Types.VARCHAR},
			{"opportunity.investment_rmb", "numeric", Types.NUMERIC},
			{"opportunity.released_on", "date", Types.DATE},
			{"opportunity.stage_reached_at", "timestamptz", Types.TIMESTAMP},
			{"opportunity.matched", "bool", Types.BIT},
			{"cluster_rollup.opportunities", "int8", Types.BIGINT},
			{"cluster_rollup.operating_share", "float8", Types.DOUBLE},
			{"funnel.stage", "text", Types.VARCHAR},
			{"funnel.reached", "int8", Types.BIGINT},
			{"funnel.median_days", "float8", Types.DOUBLE},
			{"opportunity.sector_name_zh", "text", Types.VARCHAR},
			{"target_status.actual", "float8", Types.DOUBLE},
			{"target_status.due_on", "date", Types.DATE},
			{"target_status.events", "int8", Types.BIGINT},
			{"target_status.status", "text", Types.VARCHAR},
			{"top_match.rank", "int4", Types.INTEGER},
			{"top_match.score", "float8", Types.DOUBLE},
			{"top_match.offer_price_rmb", "numeric", Types.NUMERIC},
			{"top_match.matched_offer", "bool", Types.BIT},
		};
		for (Object[] w : want) {
			eq(typeName.get((String) w[0]), w[1], "getColumns TYPE_NAME of " + w[0]);
			eq(jdbcType.get((String) w[0]), w[2], "getColumns DATA_TYPE of " + w[0]);
		}
	}

	static void views(Connection c) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement("SELECT * FROM programme_bi.opportunity WHERE opp_id = ?")) {
			ps.setInt(1, 17);
			try (ResultSet r = ps.executeQuery()) {
				check(r.next(), "opportunity 17 found");
				ResultSetMetaData m = r.getMetaData();
				for (int i = 1; i <= m.getColumnCount(); i++)
					check(PLAIN.contains(m.getColumnTypeName(i)),
						  "result column " + m.getColumnName(i) + " is " + m.getColumnTypeName(i));
				eq(r.getString("cluster_name_zh"), "低空经济", "cluster_name_zh");
				eq(r.getString("cluster_name_en"), "low-altitude economy", "cluster_name_en");
				eq(r.getString("sector_code"), "gbt4754:G5639", "sector_code");
				eq(r.getString("sector_name_zh"), "其他航空运输辅助活动", "sector_name_zh");
				eq(r.getString("sector_division_name_zh"), "航空运输业", "sector_division_name_zh");
				eq(r.getBigDecimal("investment_rmb"), new BigDecimal("945150000.00"), "investment_rmb");
				eq(r.getInt("trl_required"), 7, "trl_required");
				eq(r.getObject("released_on", LocalDate.class), LocalDate.of(2023, 6, 13), "released_on");
				eq(r.getObject("stage_reached_at", OffsetDateTime.class).toInstant(),
				   OffsetDateTime.of(2024, 3, 22, 0, 0, 0, 0, ZoneOffset.ofHours(8)).toInstant(), "stage_reached_at");
				eq(r.getString("stage"), "operating", "stage");
				eq(r.getInt("stage_position"), 5, "stage_position");
				eq(r.getBoolean("matched"), true, "matched");
				eq(r.getBoolean("typical_case"), false, "typical_case");
				eq(r.getLong("offer_id"), 109L, "offer_id");
			}
		}
		try (Statement s = c.createStatement();
			 ResultSet r = s.executeQuery("SELECT * FROM programme_bi.cluster_rollup WHERE level = 'programme'")) {
			check(r.next(), "programme row");
			eq(r.getLong("opportunities"), 149L, "programme opportunities");
			eq(r.getBigDecimal("investment_rmb"), new BigDecimal("39620000000.00"), "programme investment");
			eq(r.getLong("operating"), 93L, "programme operating");
			eq(r.getLong("typical_cases"), 20L, "programme typical cases");
			r.getString("cluster_code");
			check(r.wasNull(), "programme row has no cluster");
		}
		List<Long> reached = new ArrayList<>();
		List<Double> median = new ArrayList<>();
		try (Statement s = c.createStatement();
			 ResultSet r = s.executeQuery("SELECT reached, median_days FROM programme_bi.funnel "
										  + "WHERE level = 'programme' ORDER BY stage_position")) {
			while (r.next()) {
				reached.add(r.getLong(1));
				double d = r.getDouble(2);
				median.add(r.wasNull() ? null : d);
			}
		}
		eq(reached, List.of(149L, 135L, 117L, 117L, 93L, 0L), "funnel reached");
		eq(median, Arrays.asList(55.0, 79.0, null, 139.0, null, null), "funnel median days");
		try (Statement s = c.createStatement();
			 ResultSet r = s.executeQuery("SELECT * FROM programme_bi.target_status ORDER BY target_id")) {
			check(r.next(), "pilot zone target row");
			eq(r.getString("target"), ">= 10 zones by 2027-12-31 from 2023-01-01", "target text");
			eq(r.getDouble("goal"), 10.0, "target goal");
			eq(r.getObject("due_on", LocalDate.class), LocalDate.of(2027, 12, 31), "target due");
			eq(r.getObject("as_of", LocalDate.class), LocalDate.of(2025, 10, 31), "target as of");
			eq(r.getDouble("actual"), 6.0, "pilot zones actual");
			eq(r.getString("status"), "on_track", "pilot zones status");
			check(r.getDouble("forecast_low") <= r.getDouble("forecast")
				  && r.getDouble("forecast") <= r.getDouble("forecast_high"), "forecast inside its band");
			check(r.next() && r.getString("period").equals("year") && r.getObject("due_on") == null,
				  "first uses: per year, no due day");
		}
		try (PreparedStatement ps = c.prepareStatement(
				 "SELECT rank, offer_id, score, matched_offer FROM programme_bi.top_match WHERE opp_id = ? ORDER BY rank")) {
			ps.setInt(1, 17);
			try (ResultSet r = ps.executeQuery()) {
				double prev = 2;
				int n = 0;
				while (r.next()) {
					n++;
					eq(r.getInt("rank"), n, "top match rank");
					check(r.getDouble("score") <= prev && r.getDouble("score") >= 0, "top match scores fall with rank");
					prev = r.getDouble("score");
					if (n == 1) {
						eq(r.getLong("offer_id"), 109L, "opportunity 17: best offer");
						eq(r.getBoolean("matched_offer"), true, "opportunity 17: best offer is the matched one");
					}
				}
				eq(n, 5, "five top matches");
			}
		}
		eq(one(c, "SELECT count(*) FROM programme_bi.funnel WHERE level = 'cluster' AND stage = 'released'"),
		   one(c, "SELECT count(*) FROM programme_bi.cluster_rollup WHERE level = 'cluster' AND opportunities > 0"),
		   "a funnel for each cluster with opportunities");
	}

	/* Each type of the extension, as a client that knows nothing of it. */
	static void types(Connection c) throws SQLException {
		Map<String, String> text = new LinkedHashMap<>();
		try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM public.bi_sample")) {
			r.next();
			ResultSetMetaData m = r.getMetaData();
			for (int i = 1; i <= m.getColumnCount(); i++) {
				String col = m.getColumnName(i);
				Object o = r.getObject(i);
				String t = r.getString(i);
				text.put(col, t);
				check(t != null && !t.isEmpty(), col + " reads as text");
				/* the driver hands enums over as String, other unknown types as PGobject */
				check(o instanceof org.postgresql.util.PGobject
					  || ((col.equals("stage") || col.equals("target_status")) && o instanceof String),
					  col + " getObject is a PGobject: " + o.getClass());
				if (o instanceof org.postgresql.util.PGobject)
					eq(((org.postgresql.util.PGobject) o).getValue(), t, col + " PGobject value = its text");
				check(m.getColumnTypeName(i).contains(col), col + " column type name " + m.getColumnTypeName(i));
			}
		}
		for (Map.Entry<String, String> e : text.entrySet()) {
			String col = e.getKey();
			String typ = one(c, "SELECT pg_typeof(" + col + ")::text FROM public.bi_sample");
			eq(one(c, "SELECT " + col + "::text FROM public.bi_sample"), e.getValue(), col + "::text = its output");
			try (PreparedStatement ps = c.prepareStatement("SELECT ?::" + typ + "::text")) {
				ps.setString(1, e.getValue());
				try (ResultSet r = ps.executeQuery()) {
					r.next();
					eq(r.getString(1), e.getValue(), col + " written back as text reads the same");
				}
			}
			try (Statement s = c.createStatement();
				 ResultSet r = s.executeQuery("SELECT " + col + "::jsonb FROM public.bi_sample")) {
				r.next();
				eq(r.getMetaData().getColumnTypeName(1), "jsonb", col + "::jsonb is jsonb");
				check(r.getString(1) != null && (r.getString(1).startsWith("{") || r.getString(1).startsWith("\"")),
					  col + "::jsonb is an object or a string: " + r.getString(1));
			}
		}
		eq(text.get("stage"), "signed", "stage text");
		eq(text.get("sector"), "gbt4754:G5639", "sector text");
		eq(one(c, "SELECT sector::jsonb->>'parent' FROM public.bi_sample"), "gbt4754:G563", "sector jsonb parent");
		eq(text.get("target"), ">= 10 zones by 2027-12-31 from 2023-01-01", "target text");
		eq(one(c, "SELECT target::jsonb->>'due' FROM public.bi_sample"), "2027-12-31", "target jsonb due");
		check(text.get("tracking").startsWith(text.get("target") + "; ignored 0 0 0; "), "tracking text: target, ignored, days");
		eq(one(c, "SELECT jsonb_array_length(tracking::jsonb->'days') FROM public.bi_sample"),
		   one(c, "SELECT count(DISTINCT designated_on) FROM programme.pilot_zone"), "tracking jsonb days");
		eq(text.get("target_status"), "on_track", "target_status text");
		/* funnel: "<stage> <reached>[ median <D>d HH:MM:SS[.f] over <timed>]" joined by "; " */
		Pattern clause = Pattern.compile(
			"([a-z]+) (\\d+)(?: median (\\d+)d (\\d\\d):(\\d\\d):(\\d\\d)(?:\\.(\\d{1,6}))? over (\\d+))?");
		List<Long> reached = new ArrayList<>();
		List<Long> medianSeconds = new ArrayList<>();
		for (String part : text.get("funnel").split("; ")) {
			Matcher m = clause.matcher(part);
			check(m.matches(), "funnel clause matches the grammar: " + part);
			if (!m.matches())
				continue;
			reached.add(Long.parseLong(m.group(2)));
			medianSeconds.add(m.group(3) == null ? null : Long.parseLong(m.group(3)) * 86400
							  + Long.parseLong(m.group(4)) * 3600 + Long.parseLong(m.group(5)) * 60
							  + Long.parseLong(m.group(6)));
		}
		eq(reached, List.of(149L, 135L, 117L, 117L, 93L, 0L), "funnel text: reached");
		eq(medianSeconds, Arrays.asList(55 * 86400L, 79 * 86400L, null, 139 * 86400L, null, null),
		   "funnel text: median seconds");
		eq(one(c, "SELECT string_agg(coalesce(s->>'median_seconds', ''), ',' ORDER BY (s->>'position')::int) "
			   + "FROM public.bi_sample, jsonb_array_elements(funnel::jsonb->'stages') s"),
		   "4752000,6825600,,12009600,,", "funnel jsonb: median seconds");
		/* assignment: "<method>:{(d,s,score),...}" */
		Matcher am = Pattern.compile("(optimal|stable|greedy):\\{(.*)\\}").matcher(text.get("assignment"));
		check(am.matches(), "assignment matches the grammar");
		StringBuilder pairs = new StringBuilder();
		Matcher pm = Pattern.compile("\\((-?\\d+),(-?\\d+),([^,()]+)\\)").matcher(am.group(2));
		while (pm.find())
			pairs.append(pm.group(1)).append(' ').append(pm.group(2)).append(' ')
				.append(Double.parseDouble(pm.group(3))).append(';');
		StringBuilder want = new StringBuilder();
		try (Statement s = c.createStatement();
			 ResultSet r = s.executeQuery("SELECT demand_id, supply_id, score FROM public.bi_sample, "
										  + "unnest(assignment) ORDER BY 1, 2")) {
			while (r.next())
				want.append(r.getLong(1)).append(' ').append(r.getLong(2)).append(' ')
					.append(r.getDouble(3)).append(';');
		}
		eq(pairs.toString(), want.toString(), "assignment text = unnest()");
		eq(one(c, "SELECT assignment::jsonb->>'pair_count' FROM public.bi_sample"),
		   one(c, "SELECT pair_count(assignment) FROM public.bi_sample"), "assignment jsonb pair_count");
		/* classifier, classifier_state: "<prefix>:" + base64 of the binary form */
		for (String col : List.of("classifier", "classifier_state")) {
			String t = text.get(col);
			check(t.startsWith(col + ":"), col + " text prefix");
			byte[] img = Base64.getDecoder().decode(t.substring(col.length() + 1));
			try (Statement s = c.createStatement();
				 ResultSet r = s.executeQuery("SELECT " + col + "_send(" + col + ") FROM public.bi_sample")) {
				r.next();
				check(Arrays.equals(img, r.getBytes(1)), col + " base64 = its binary form");
			}
		}
		eq(one(c, "SELECT classifier::jsonb->>'documents' FROM public.bi_sample"), "149", "classifier jsonb documents");
	}

	/* A reporting role: reads programme_bi, nothing under it. */
	static void reader(Connection c) throws SQLException {
		eq(one(c, "SELECT count(*) FROM programme_bi.opportunity"), "149", "reader reads programme_bi.opportunity");
		eq(one(c, "SELECT sum(reached) FROM programme_bi.funnel WHERE level = 'programme'"), "611",
		   "reader reads programme_bi.funnel");
		try (ResultSet r = c.getMetaData().getColumns(null, "programme_bi", "opportunity", "investment_rmb")) {
			check(r.next() && "numeric".equals(r.getString("TYPE_NAME")), "reader sees the views' columns");
		}
		String state = null;
		try {
			one(c, "SELECT count(*) FROM programme.opportunity");
		} catch (SQLException e) {
			state = e.getSQLState();
		}
		eq(state, "42501", "reader may not read programme.opportunity");
	}
}
