// Charts of the leaders' overview (领导驾驶舱), an ES module imported by Components/Pages/Overview/OverviewChart.razor.
// Apache ECharts comes from the npm registry and is copied to wwwroot/lib/echarts by the build (build/ClientLibraries.targets).
// The server sends each chart's option as JSON (all text already localized). Two additions to plain ECharts options:
//   - a data item's "href" makes it a link to the items behind it (the same drill-down as the table);
//   - "rectifyPercent": true on an axis or a series shows its values as percentages.
// The table beside each chart is the accessible truth; the charts are an addition.

const charts = new Map();
let loading;

function loadECharts() {
    // echarts.min.js is a UMD bundle: imported as a module it defines globalThis.echarts.
    loading ??= import('../lib/echarts/echarts.min.js').then(() => globalThis.echarts);
    return loading;
}

function percent(option) {
    for (const axis of [].concat(option.xAxis ?? [], option.yAxis ?? [])) {
        if (axis.rectifyPercent) {
            axis.axisLabel = { ...(axis.axisLabel ?? {}), formatter: '{value}%' };
        }
    }

    for (const series of [].concat(option.series ?? [])) {
        if (series.rectifyPercent) {
            series.label = { ...(series.label ?? {}), formatter: (p) => (p.value == null ? '' : `${Number(p.value).toFixed(1)}%`) };
        }
    }

    return option;
}

function navigate(href) {
    if (globalThis.Blazor?.navigateTo) {
        globalThis.Blazor.navigateTo(href);
    } else {
        globalThis.location.href = href;
    }
}

/** Draws (or redraws) the chart of an element; locale is "ZH" or "EN". */
export async function render(element, option, locale) {
    if (!element) {
        return;
    }

    const echarts = await loadECharts();
    let entry = charts.get(element);
    if (!entry) {
        const chart = echarts.init(element, null, { renderer: 'canvas', locale: locale || 'ZH' });
        chart.on('click', (params) => {
            const href = params.data?.href;
            if (href) {
                navigate(href);
            }
        });
        const observer = new ResizeObserver(() => chart.resize());
        observer.observe(element);
        entry = { chart, observer };
        charts.set(element, entry);
    }

    entry.chart.setOption(percent(option), { notMerge: true });
}

/** Frees the chart of an element (the Blazor component is going away). */
export function dispose(element) {
    const entry = charts.get(element);
    if (entry) {
        entry.observer.disconnect();
        entry.chart.dispose();
        charts.delete(element);
    }
}

// Also follow the window (a phone turned sideways), in case an element's size is set by the viewport only.
globalThis.addEventListener('resize', () => {
    for (const { chart } of charts.values()) {
        chart.resize();
    }
});
