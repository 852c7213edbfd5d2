namespace Rectify.Web.Overview;

/// <summary>
/// ECharts options for the overview (drawn by wwwroot/js/overview.js): plain objects serialized to JSON, every text localized
/// here, every bar or slice carrying the href of the items behind it.
/// </summary>
public sealed class OverviewCharts(IStringLocalizer<Text> t)
{
    public const string Red = "#d32f2f";
    public const string Yellow = "#f9a825";
    public const string Green = "#2e7d32";
    public const string Grey = "#9e9e9e";
    public const string Blue = "#1565c0";

    private static readonly object Text = new { fontFamily = "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif" };

    public static string StatusColor(ItemStatus status) => status switch
    {
        ItemStatus.Open => "#78909c",
        ItemStatus.InProgress => Blue,
        ItemStatus.AwaitingSignOff => Yellow,
        ItemStatus.SignedOff => "#26a69a",
        _ => Green,
    };

    public static string LightColor(TrafficLight light) => light switch
    {
        TrafficLight.Red => Red,
        TrafficLight.Yellow => Yellow,
        TrafficLight.Green => Green,
        _ => Grey,
    };

    /// <summary>Items by status: a ring.</summary>
    public object Status(OverviewFigures f) => new
    {
        textStyle = Text,
        tooltip = new { trigger = "item", formatter = "{b}：{c}（{d}%）" },
        legend = new { bottom = 0, left = "center", itemWidth = 12, itemHeight = 12 },
        series = new object[]
        {
            new
            {
                type = "pie",
                name = t["Overview.Status.Title"].Value,
                radius = new[] { "42%", "68%" },
                center = new[] { "50%", "44%" },
                avoidLabelOverlap = true,
                label = new { formatter = "{c}", fontSize = 13 },
                itemStyle = new { borderColor = "#fff", borderWidth = 2 },
                data = Enum.GetValues<ItemStatus>().Where(s => f.ByStatus[s] > 0).Select(s => new
                {
                    name = t.NameOf(s),
                    value = f.ByStatus[s],
                    href = OverviewLinks.Status(s),
                    itemStyle = new { color = StatusColor(s) },
                }).ToArray(),
            },
        },
    };

    /// <summary>销号率 of the given organisations (the overview's 重点关注 rows), in their order, coloured by each one's light.</summary>
    public object Ranking(IEnumerable<BranchRow> branches)
    {
        var rows = branches.Where(b => b.Total > 0).ToList();
        return new
        {
            textStyle = Text,
            tooltip = new { trigger = "axis", axisPointer = new { type = "shadow" } },
            grid = new { left = 8, right = 48, top = 8, bottom = 8, containLabel = true },
            xAxis = new { type = "value", max = 100, rectifyPercent = true, splitLine = new { lineStyle = new { type = "dashed" } } },
            yAxis = new
            {
                type = "category",
                inverse = true,
                data = rows.Select(b => b.Name).ToArray(),
                axisTick = new { show = false },
                axisLabel = new { width = 110, overflow = "truncate" },
            },
            series = new object[]
            {
                new
                {
                    type = "bar",
                    name = t["Overview.ClosingRate"].Value,
                    barMaxWidth = 22,
                    rectifyPercent = true,
                    label = new { show = true, position = "right" },
                    data = rows.Select(b => new
                    {
                        value = b.ClosingRate,
                        href = OverviewLinks.BranchLight(b),
                        itemStyle = new { color = LightColor(b.Light), borderRadius = new[] { 0, 4, 4, 0 } },
                    }).ToArray(),
                },
            },
        };
    }

    /// <summary>Closed and not yet closed items per source or category: horizontal stacked bars.</summary>
    public object ClosedStack(IReadOnlyList<(string Name, int Total, int Closed, string AllHref, string ClosedHref)> rows) => new
    {
        textStyle = Text,
        tooltip = new { trigger = "axis", axisPointer = new { type = "shadow" } },
        legend = new { top = 0, left = "center", itemWidth = 12, itemHeight = 12 },
        grid = new { left = 8, right = 24, top = 32, bottom = 8, containLabel = true },
        xAxis = new { type = "value", minInterval = 1, splitLine = new { lineStyle = new { type = "dashed" } } },
        yAxis = new
        {
            type = "category",
            inverse = true,
            data = rows.Select(r => r.Name).ToArray(),
            axisTick = new { show = false },
            axisLabel = new { width = 120, overflow = "truncate" },
        },
        series = new object[]
        {
            new
            {
                type = "bar",
                name = t["Overview.Closed"].Value,
                stack = "items",
                barMaxWidth = 22,
                itemStyle = new { color = Green },
                data = rows.Select(r => new { value = r.Closed, href = r.ClosedHref }).ToArray(),
            },
            new
            {
                type = "bar",
                name = t["Overview.NotClosed"].Value,
                stack = "items",
                barMaxWidth = 22,
                itemStyle = new { color = "#b0bec5" },
                data = rows.Select(r => new { value = r.Total - r.Closed, href = r.AllHref }).ToArray(),
            },
        },
    };

    /// <summary>New and closed items per week.</summary>
    public object Trend(OverviewFigures f) => new
    {
        textStyle = Text,
        tooltip = new { trigger = "axis" },
        legend = new { top = 0, left = "center", itemWidth = 12, itemHeight = 12 },
        grid = new { left = 8, right = 16, top = 32, bottom = 8, containLabel = true },
        xAxis = new
        {
            type = "category",
            data = f.Weeks.Select(w => w.Start.ToString("M/d", CultureInfo.InvariantCulture)).ToArray(),
            axisTick = new { alignWithLabel = true },
        },
        yAxis = new { type = "value", minInterval = 1, splitLine = new { lineStyle = new { type = "dashed" } } },
        series = new object[]
        {
            new
            {
                type = "bar",
                name = t["Overview.Trend.New"].Value,
                barMaxWidth = 16,
                itemStyle = new { color = Blue },
                data = f.Weeks.Select(w => new { value = w.New, href = OverviewLinks.WeekNew(w) }).ToArray(),
            },
            new
            {
                type = "bar",
                name = t["Overview.Trend.Closed"].Value,
                barMaxWidth = 16,
                itemStyle = new { color = Green },
                data = f.Weeks.Select(w => new { value = w.Closed, href = OverviewLinks.WeekClosed(w) }).ToArray(),
            },
        },
    };
}
