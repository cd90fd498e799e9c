/*
 * tracking_svg.c
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

/* Labels: up to 4 significant digits with k / M / bn. */
static void
append_amount(StringInfo buf, double v)
{
	double		a = fabs(v);

	if (a >= 1e9)
		appendStringInfo(buf, "%.4g bn", v / 1e9);
	else if (a >= 1e6)
		appendStringInfo(buf, "%.4g M", v / 1e6);
	else if (a >= 1e4)
		appendStringInfo(buf, "%.4g k", v / 1e3);
	else
		appendStringInfo(buf, "%.4g", v);
}

/* The same, rounded to 3 significant digits, for the subtitle. */
static void
append_amount3(StringInfo buf, double v)
{
	double		a = fabs(v);

	if (a >= 1e9)
		appendStringInfo(buf, "%.3g bn", v / 1e9);
	else if (a >= 1e6)
		appendStringInfo(buf, "%.3g M", v / 1e6);
	else if (a >= 1e4)
		appendStringInfo(buf, "%.3g k", v / 1e3);
	else if (a >= 100)
		appendStringInfo(buf, "%.0f", v);
	else
		appendStringInfo(buf, "%.3g", v);
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

char *
tracking_burnup_svg(const Tracking *tr, DateADT at, int width, int height)
{
	const Target *t = &tr->target;
	TrackForecast fc = tracking_forecast_at(tr, at);
	TargetWindow w = fc.w;
	double		L = w.due - w.start + 1;
	double		xa = fc.started ? fc.upto - w.start + 1 : 0;
	double		ymin = t->baseline,
				ymax = t->goal,
				cum,
				step,
				v;
	Frame		f;
	StringInfoData buf;
	int			i,
				k;
	int			y,
				m,
				d,
				y1,
				m1,
				d1;
	int			tick_mode;
	int			ystep;
	const char *status = target_status_names[target_status_of(t, fc.actual, at, 1.0, 0.8)];

	/* the y range holds every line drawn */
	cum = t->baseline;
	for (i = 0; i < tr->ndays; i++)
	{
		if (tr->days[i].day < w.start || tr->days[i].day > w.due || tr->days[i].day > at)
			continue;
		cum += tr->days[i].sum;
		ymin = Min(ymin, cum);
		ymax = Max(ymax, cum);
	}
	if (fc.started)
	{
		ymax = Max(ymax, fc.high);
		ymin = Min(ymin, fc.low);
	}
	step = nice_step((ymax - ymin) * 1.05, 5);
	f.x0 = 0;
	f.x1 = L;
	f.y0 = floor(ymin / step) * step;
	f.y1 = ceil(ymax * 1.02 / step) * step;
	if (f.y1 <= ymax)
		f.y1 += step;
	f.width = width;
	f.height = height;

	initStringInfo(&buf);
	appendStringInfo(&buf,
					 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
					 "viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">\n",
					 width, height, width, height);
	appendStringInfoString(&buf, "<title>");
	append_escaped(&buf, target_to_cstring(t));
	appendStringInfoString(&buf, "</title>\n");
	appendStringInfo(&buf, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"white\"/>\n",
					 width, height);

	/* title: the target and its status */
	appendStringInfo(&buf, "<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">", ML);
	append_escaped(&buf, target_to_cstring(t));
	appendStringInfoString(&buf, "</text>\n");
	appendStringInfo(&buf, "<text x=\"%d\" y=\"38\" fill=\"#444\">as of ", ML);
	textio_append_date(&buf, at);
	appendStringInfo(&buf, ": %s, actual ", status);
	append_amount3(&buf, fc.actual);
	if (fc.started)
	{
		appendStringInfoString(&buf, ", forecast ");
		append_amount3(&buf, fc.forecast);
		appendStringInfoString(&buf, " (");
		append_amount3(&buf, fc.low);
		appendStringInfoString(&buf, " to ");
		append_amount3(&buf, fc.high);
		appendStringInfoString(&buf, ")");
	}
	appendStringInfoString(&buf, "</text>\n");

	/* y grid and labels */
	for (v = f.y0, k = 0; v <= f.y1 + step / 2 && k < 50; v += step, k++)
	{
		line(&buf, &f, 0, v, L, v, "stroke=\"#e4e4e4\"");
		appendStringInfo(&buf, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555\">",
						 ML - 6, py(&f, v) + 4);
		append_amount(&buf, v);
		appendStringInfoString(&buf, "</text>\n");
	}
	/*
	 * x ticks: first days of years for long windows, of months for windows
	 * under ~14 months, every 7th day from the start for a month or two
	 */
	tick_mode = L > 430 ? 0 : (L > 62 ? 1 : 2);
	/* at most about 10 year labels: every 1, 2, 5, 10, 20, 50 ... years */
	for (k = 0; k < (int) lengthof(year_steps) - 1 && L / 365.25 / year_steps[k] > 10; k++)
		;
	ystep = year_steps[k];
	j2date(w.start + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	for (k = 0; k < 400; k++)
	{
		DateADT		tick;
		double		x;

		if (tick_mode == 0)
			tick = date2j((y / ystep + k) * ystep, 1, 1) - POSTGRES_EPOCH_JDATE;
		else if (tick_mode == 1)
			tick = date2j(y + (m - 1 + k) / 12, (m - 1 + k) % 12 + 1, 1) - POSTGRES_EPOCH_JDATE;
		else
			tick = w.start + 7 * k;
		if (tick < w.start)
			continue;
		if (tick > w.due)
			break;
		x = tick - w.start;
		j2date(tick + POSTGRES_EPOCH_JDATE, &y1, &m1, &d1);
		line(&buf, &f, x, f.y0, x, f.y1, "stroke=\"#f0f0f0\"");
		appendStringInfo(&buf, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">",
						 px(&f, x), height - MB + 16);
		if (tick_mode == 0)
			appendStringInfo(&buf, "%04d", y1);
		else if (tick_mode == 1 && m1 == 1)
			appendStringInfo(&buf, "%04d", y1);
		else if (tick_mode == 1)
			appendStringInfoString(&buf, month_names[m1 - 1]);
		else
			appendStringInfo(&buf, "%02d-%02d", m1, d1);
		appendStringInfoString(&buf, "</text>\n");
	}
	appendStringInfo(&buf, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>\n",
					 ML, MT, width - ML - MR, height - MT - MB);

	/* goal and expected pace */
	line(&buf, &f, 0, t->goal, L, t->goal, "stroke=\"#2a7\" stroke-width=\"1\"");
	appendStringInfo(&buf, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#2a7\">goal ", px(&f, 0) + 4, py(&f, t->goal) - 4);
	append_amount(&buf, t->goal);
	appendStringInfoString(&buf, "</text>\n");
	line(&buf, &f, 0, t->baseline, L, t->goal,
		 "stroke=\"#888\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"");

	if (fc.started)
	{
		double		R = L - xa;

		/* forecast band and line */
		appendStringInfoString(&buf, "<polygon fill=\"#f5a623\" fill-opacity=\"0.22\" stroke=\"none\" points=\"");
		for (k = 0; k <= 32; k++)
		{
			double		r = R * k / 32;

			appendStringInfo(&buf, "%.1f,%.1f ", px(&f, xa + r), py(&f, tracking_curve(&fc, r, TARGET_BAND_Z)));
		}
		for (k = 32; k >= 0; k--)
		{
			double		r = R * k / 32;
			double		lo = Max(tracking_curve(&fc, r, -TARGET_BAND_Z),
								 Min(fc.actual, tracking_curve(&fc, r, 0)));

			appendStringInfo(&buf, "%.1f,%.1f ", px(&f, xa + r), py(&f, lo));
		}
		appendStringInfoString(&buf, "\"/>\n");
		line(&buf, &f, xa, fc.actual, L, fc.forecast,
			 "stroke=\"#e8890c\" stroke-width=\"2\" stroke-dasharray=\"5 3\"");

		/* actual running total, as steps */
		appendStringInfo(&buf, "<polyline fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"2.2\" points=\"%.1f,%.1f",
						 px(&f, 0), py(&f, t->baseline));
		cum = t->baseline;
		for (i = 0; i < tr->ndays; i++)
		{
			double		x = tr->days[i].day - w.start;

			if (tr->days[i].day < w.start || tr->days[i].day > fc.upto || tr->days[i].n == 0)
				continue;
			appendStringInfo(&buf, " %.1f,%.1f", px(&f, x), py(&f, cum));
			cum += tr->days[i].sum;
			appendStringInfo(&buf, " %.1f,%.1f", px(&f, x + 1), py(&f, cum));
		}
		appendStringInfo(&buf, " %.1f,%.1f\"/>\n", px(&f, xa), py(&f, cum));

		/* as-of marker */
		line(&buf, &f, xa, f.y0, xa, f.y1, "stroke=\"#1f5fbf\" stroke-width=\"1\" stroke-dasharray=\"2 3\"");
		if (!fc.eta_null && fc.eta <= w.due)
			appendStringInfo(&buf, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#e8890c\"/>\n",
							 px(&f, fc.eta - w.start + 1), py(&f, t->goal));
	}

	/* due-day marker */
	line(&buf, &f, L, f.y0, L, f.y1, "stroke=\"#d0021b\" stroke-width=\"2\"");
	appendStringInfo(&buf, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"end\" fill=\"#d0021b\">due ",
					 px(&f, L) - 4, MT + 14);
	textio_append_date(&buf, w.due);
	appendStringInfoString(&buf, "</text>\n");

	/* legend, under the x axis */
	appendStringInfo(&buf, "<g transform=\"translate(%d,%d)\" font-size=\"11\">\n", ML, height - 12);
	appendStringInfoString(&buf,
						   "<line x1=\"0\" y1=\"-4\" x2=\"22\" y2=\"-4\" stroke=\"#1f5fbf\" stroke-width=\"2.2\"/><text x=\"28\" y=\"0\">actual</text>\n"
						   "<line x1=\"90\" y1=\"-4\" x2=\"112\" y2=\"-4\" stroke=\"#888\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/><text x=\"118\" y=\"0\">expected pace</text>\n"
						   "<line x1=\"230\" y1=\"-4\" x2=\"252\" y2=\"-4\" stroke=\"#e8890c\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/><text x=\"258\" y=\"0\">forecast, 90% band</text>\n"
						   "<line x1=\"390\" y1=\"-4\" x2=\"412\" y2=\"-4\" stroke=\"#2a7\"/><text x=\"418\" y=\"0\">goal</text>\n"
						   "</g>\n");
	appendStringInfoString(&buf, "</svg>\n");
	return buf.data;
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
