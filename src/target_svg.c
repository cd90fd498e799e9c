/*
 * target_svg.c
 *	  burnup_svg(): a burn-up chart of a tracking value as of a day, as
 *	  standalone SVG text (the demo report writes it to a file; BI tools can
 *	  show it as an image).
 *
 * The chart covers the window that holds the as-of day: the expected pace
 * (baseline to goal, dashed grey), the goal (thin line), the actual running
 * total (blue steps), the forecast to the due day (dashed orange) inside its
 * 90% band (shaded), the as-of day and the due day (red) as markers.
 */
#include "target.h"

#include <math.h>

#include "aggstate.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "datatype/timestamp.h"

#define ML 78					/* margins: left, right, top, bottom */
#define MR 24
#define MT 52
#define MB 58

static const char *const month_names[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

static const int year_steps[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};

typedef struct Frame
{
	double		x0,
				x1,				/* days since the window's start, 0..L */
				y0,
				y1;
	int			width,
				height;
} Frame;

static double
px(const Frame *f, double x)
{
	return ML + (x - f->x0) / (f->x1 - f->x0) * (f->width - ML - MR);
}

static double
py(const Frame *f, double y)
{
	return f->height - MB - (y - f->y0) / (f->y1 - f->y0) * (f->height - MT - MB);
}

static void
append_escaped(StringInfo buf, const char *s)
{
	for (; *s; s++)
	{
		if (*s == '<')
			appendStringInfoString(buf, "&lt;");
		else if (*s == '>')
			appendStringInfoString(buf, "&gt;");
		else if (*s == '&')
			appendStringInfoString(buf, "&amp;");
		else
			appendStringInfoChar(buf, *s);
	}
}

/*
 * Labels: amounts to the given significant digits with k / M / bn (4 on
 * the axis and the goal, 3 in the subtitle).  Below 10,000 an amount with
 * as many integer digits as that is written whole, never in %g's exponent
 * form.
 */
static void
append_amount(StringInfo buf, double v, int digits)
{
	double		a = fabs(v);

	if (a >= 1e9)
		appendStringInfo(buf, "%.*g bn", digits, v / 1e9);
	else if (a >= 1e6)
		appendStringInfo(buf, "%.*g M", digits, v / 1e6);
	else if (a >= 1e4)
		appendStringInfo(buf, "%.*g k", digits, v / 1e3);
	else if (a >= pow(10, digits - 1))
		appendStringInfo(buf, "%.0f", v);
	else
		appendStringInfo(buf, "%.*g", digits, v);
}

/* 1, 2 or 5 times a power of ten, giving about n steps over span. */
static double
nice_step(double span, int n)
{
	double		raw = span / n;
	double		p = pow(10, floor(log10(raw)));
	double		m = raw / p;

	return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

static void
line(StringInfo buf, const Frame *f, double xa, double ya, double xb, double yb,
	 const char *style)
{
	appendStringInfo(buf, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" %s/>\n",
					 px(f, xa), py(f, ya), px(f, xb), py(f, yb), style);
}

/* What every layer of one chart needs. */
typedef struct Chart
{
	StringInfoData buf;
	Frame		f;
	const Tracking *tr;
	const Target *t;
	TrackForecast fc;
	TargetWindow w;
	double		L;				/* days in the window */
	double		xa;				/* the as-of day's x */
} Chart;

/* The frame: x over the window, y over every line drawn, on round steps. */
static double
chart_frame(Chart *c, DateADT at, int width, int height)
{
	const Target *t = c->t;
	double		ymin = t->baseline,
				ymax = t->goal,
				cum = t->baseline,
				step;

	for (int i = 0; i < c->tr->ndays; i++)
	{
		const TrackDay *day = &c->tr->days[i];

		if (day->day < c->w.start || day->day > c->w.due || day->day > at)
			continue;
		cum += day->sum;
		ymin = Min(ymin, cum);
		ymax = Max(ymax, cum);
	}
	if (c->fc.started)
	{
		ymax = Max(ymax, c->fc.high);
		ymin = Min(ymin, c->fc.low);
	}
	step = nice_step((ymax - ymin) * 1.05, 5);
	c->f.x0 = 0;
	c->f.x1 = c->L;
	c->f.y0 = floor(ymin / step) * step;
	c->f.y1 = ceil(ymax * 1.02 / step) * step;
	if (c->f.y1 <= ymax)
		c->f.y1 += step;
	c->f.width = width;
	c->f.height = height;
	return step;
}

/* The SVG header, the title (the target) and the subtitle (its status). */
static void
chart_titles(Chart *c, DateADT at)
{
	StringInfo	buf = &c->buf;
	const char *status = target_status_names[target_status_of(c->t, c->fc.actual, at, 1.0, 0.8)];
	int			width = c->f.width,
				height = c->f.height;

	appendStringInfo(buf,
					 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
					 "viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">\n",
					 width, height, width, height);
	appendStringInfoString(buf, "<title>");
	append_escaped(buf, target_to_cstring(c->t));
	appendStringInfoString(buf, "</title>\n");
	appendStringInfo(buf, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"white\"/>\n",
					 width, height);

	appendStringInfo(buf, "<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">", ML);
	append_escaped(buf, target_to_cstring(c->t));
	appendStringInfoString(buf, "</text>\n");
	appendStringInfo(buf, "<text x=\"%d\" y=\"38\" fill=\"#444\">as of ", ML);
	textio_append_date(buf, at);
	appendStringInfo(buf, ": %s, actual ", status);
	append_amount(buf, c->fc.actual, 3);
	if (c->fc.started)
	{
		appendStringInfoString(buf, ", forecast ");
		append_amount(buf, c->fc.forecast, 3);
		appendStringInfoString(buf, " (");
		append_amount(buf, c->fc.low, 3);
		appendStringInfoString(buf, " to ");
		append_amount(buf, c->fc.high, 3);
		appendStringInfoString(buf, ")");
	}
	appendStringInfoString(buf, "</text>\n");
}

/* Horizontal grid lines with their amounts. */
static void
chart_y_grid(Chart *c, double step)
{
	double		v;
	int			k;

	for (v = c->f.y0, k = 0; v <= c->f.y1 + step / 2 && k < 50; v += step, k++)
	{
		line(&c->buf, &c->f, 0, v, c->L, v, "stroke=\"#e4e4e4\"");
		appendStringInfo(&c->buf, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555\">",
						 ML - 6, py(&c->f, v) + 4);
		append_amount(&c->buf, v, 4);
		appendStringInfoString(&c->buf, "</text>\n");
	}
}

/*
 * x ticks: first days of years for long windows, of months for windows
 * under ~14 months, every 7th day from the start for a month or two; then
 * the plot's border.
 */
static void
chart_x_ticks(Chart *c)
{
	StringInfo	buf = &c->buf;
	int			tick_mode = c->L > 430 ? 0 : (c->L > 62 ? 1 : 2);
	int			ystep,
				k,
				y,
				m,
				d;

	/* at most about 10 year labels: every 1, 2, 5, 10, 20, 50 ... years */
	for (k = 0; k < (int) lengthof(year_steps) - 1 && c->L / 365.25 / year_steps[k] > 10; k++)
		;
	ystep = year_steps[k];
	j2date(c->w.start + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	for (k = 0; k < 400; k++)
	{
		DateADT		tick;
		double		x;
		int			y1,
					m1,
					d1;

		if (tick_mode == 0)
			tick = date2j((y / ystep + k) * ystep, 1, 1) - POSTGRES_EPOCH_JDATE;
		else if (tick_mode == 1)
			tick = date2j(y + (m - 1 + k) / 12, (m - 1 + k) % 12 + 1, 1) - POSTGRES_EPOCH_JDATE;
		else
			tick = c->w.start + 7 * k;
		if (tick < c->w.start)
			continue;
		if (tick > c->w.due)
			break;
		x = tick - c->w.start;
		j2date(tick + POSTGRES_EPOCH_JDATE, &y1, &m1, &d1);
		line(buf, &c->f, x, c->f.y0, x, c->f.y1, "stroke=\"#f0f0f0\"");
		appendStringInfo(buf, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">",
						 px(&c->f, x), c->f.height - MB + 16);
		if (tick_mode == 0 || (tick_mode == 1 && m1 == 1))
			appendStringInfo(buf, "%04d", y1);
		else if (tick_mode == 1)
			appendStringInfoString(buf, month_names[m1 - 1]);
		else
			appendStringInfo(buf, "%02d-%02d", m1, d1);
		appendStringInfoString(buf, "</text>\n");
	}
	appendStringInfo(buf, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>\n",
					 ML, MT, c->f.width - ML - MR, c->f.height - MT - MB);
}

/* The goal line and the expected pace from baseline to goal. */
static void
chart_goal(Chart *c)
{
	const Target *t = c->t;

	line(&c->buf, &c->f, 0, t->goal, c->L, t->goal, "stroke=\"#2a7\" stroke-width=\"1\"");
	appendStringInfo(&c->buf, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#2a7\">goal ",
					 px(&c->f, 0) + 4, py(&c->f, t->goal) - 4);
	append_amount(&c->buf, t->goal, 4);
	appendStringInfoString(&c->buf, "</text>\n");
	line(&c->buf, &c->f, 0, t->baseline, c->L, t->goal,
		 "stroke=\"#888\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"");
}

/* The forecast's 90% band and its line, from the as-of day to the due day. */
static void
chart_forecast(Chart *c)
{
	StringInfo	buf = &c->buf;
	const TrackForecast *fc = &c->fc;
	double		R = c->L - c->xa;
	int			k;

	appendStringInfoString(buf, "<polygon fill=\"#f5a623\" fill-opacity=\"0.22\" stroke=\"none\" points=\"");
	for (k = 0; k <= 32; k++)
	{
		double		r = R * k / 32;

		appendStringInfo(buf, "%.1f,%.1f ", px(&c->f, c->xa + r), py(&c->f, tracking_curve(fc, r, TARGET_BAND_Z)));
	}
	for (k = 32; k >= 0; k--)
	{
		double		r = R * k / 32;
		double		lo = Max(tracking_curve(fc, r, -TARGET_BAND_Z),
							 Min(fc->actual, tracking_curve(fc, r, 0)));

		appendStringInfo(buf, "%.1f,%.1f ", px(&c->f, c->xa + r), py(&c->f, lo));
	}
	appendStringInfoString(buf, "\"/>\n");
	line(buf, &c->f, c->xa, fc->actual, c->L, fc->forecast,
		 "stroke=\"#e8890c\" stroke-width=\"2\" stroke-dasharray=\"5 3\"");
}

/* The actual running total as steps, the as-of marker and the eta dot. */
static void
chart_actual(Chart *c)
{
	StringInfo	buf = &c->buf;
	const TrackForecast *fc = &c->fc;
	double		cum = c->t->baseline;

	appendStringInfo(buf, "<polyline fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"2.2\" points=\"%.1f,%.1f",
					 px(&c->f, 0), py(&c->f, c->t->baseline));
	for (int i = 0; i < c->tr->ndays; i++)
	{
		const TrackDay *day = &c->tr->days[i];
		double		x = day->day - c->w.start;

		if (day->day < c->w.start || day->day > fc->upto || day->n == 0)
			continue;
		appendStringInfo(buf, " %.1f,%.1f", px(&c->f, x), py(&c->f, cum));
		cum += day->sum;
		appendStringInfo(buf, " %.1f,%.1f", px(&c->f, x + 1), py(&c->f, cum));
	}
	appendStringInfo(buf, " %.1f,%.1f\"/>\n", px(&c->f, c->xa), py(&c->f, cum));

	line(buf, &c->f, c->xa, c->f.y0, c->xa, c->f.y1, "stroke=\"#1f5fbf\" stroke-width=\"1\" stroke-dasharray=\"2 3\"");
	if (!fc->eta_null && fc->eta <= c->w.due)
		appendStringInfo(buf, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#e8890c\"/>\n",
						 px(&c->f, fc->eta - c->w.start + 1), py(&c->f, c->t->goal));
}

/* The due-day marker and the legend under the x axis. */
static void
chart_due_and_legend(Chart *c)
{
	StringInfo	buf = &c->buf;

	line(buf, &c->f, c->L, c->f.y0, c->L, c->f.y1, "stroke=\"#d0021b\" stroke-width=\"2\"");
	appendStringInfo(buf, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"end\" fill=\"#d0021b\">due ",
					 px(&c->f, c->L) - 4, MT + 14);
	textio_append_date(buf, c->w.due);
	appendStringInfoString(buf, "</text>\n");

	appendStringInfo(buf, "<g transform=\"translate(%d,%d)\" font-size=\"11\">\n", ML, c->f.height - 12);
	appendStringInfoString(buf,
						   "<line x1=\"0\" y1=\"-4\" x2=\"22\" y2=\"-4\" stroke=\"#1f5fbf\" stroke-width=\"2.2\"/><text x=\"28\" y=\"0\">actual</text>\n"
						   "<line x1=\"90\" y1=\"-4\" x2=\"112\" y2=\"-4\" stroke=\"#888\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/><text x=\"118\" y=\"0\">expected pace</text>\n"
						   "<line x1=\"230\" y1=\"-4\" x2=\"252\" y2=\"-4\" stroke=\"#e8890c\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/><text x=\"258\" y=\"0\">forecast, 90% band</text>\n"
						   "<line x1=\"390\" y1=\"-4\" x2=\"412\" y2=\"-4\" stroke=\"#2a7\"/><text x=\"418\" y=\"0\">goal</text>\n"
						   "</g>\n");
	appendStringInfoString(buf, "</svg>\n");
}

char *
tracking_burnup_svg(const Tracking *tr, DateADT at, int width, int height)
{
	Chart		c;
	double		step;

	c.tr = tr;
	c.t = &tr->target;
	c.fc = tracking_forecast_at(tr, at);
	c.w = c.fc.w;
	c.L = c.w.due - c.w.start + 1;
	c.xa = c.fc.started ? c.fc.upto - c.w.start + 1 : 0;
	step = chart_frame(&c, at, width, height);

	initStringInfo(&c.buf);
	chart_titles(&c, at);
	chart_y_grid(&c, step);
	chart_x_ticks(&c);
	chart_goal(&c);
	if (c.fc.started)
	{
		chart_forecast(&c);
		chart_actual(&c);
	}
	chart_due_and_legend(&c);
	return c.buf.data;
}

PG_FUNCTION_INFO_V1(tracking_burnup);
Datum
tracking_burnup(PG_FUNCTION_ARGS)
{
	Tracking   *tr = (Tracking *) growstate_flat_arg(fcinfo, 0);
	DateADT		at = PG_GETARG_DATEADT(1);
	int32		width = PG_GETARG_INT32(2);
	int32		height = PG_GETARG_INT32(3);

	target_check_day(at, "as-of day");
	if (width < 200 || width > 4000 || height < 150 || height > 4000)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("burn-up chart size %d x %d out of range", width, height),
				 errdetail("Width is 200 to 4000 and height 150 to 4000 pixels.")));
	PG_RETURN_TEXT_P(cstring_to_text(tracking_burnup_svg(tr, at, width, height)));
}
