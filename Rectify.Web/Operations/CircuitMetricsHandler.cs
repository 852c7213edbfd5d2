using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Rectify.Web.Operations;

/// <summary>Counts the Blazor circuits open on this instance (rectify.circuits.open).</summary>
public sealed class CircuitMetricsHandler : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        RectifyMetrics.CircuitOpened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        RectifyMetrics.CircuitClosed();
        return Task.CompletedTask;
    }
}
