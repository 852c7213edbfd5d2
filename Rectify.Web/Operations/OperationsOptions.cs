using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Rectify.Web.Operations;

/// <summary>
/// The "Operations" section: who may read /metrics. Loopback (a Prometheus on the same machine, or nginx) may always;
/// <see cref="MetricsAllowedNetworks"/> adds the networks of other scrapers, e.g. <c>10.0.0.0/8</c>. Everyone else gets 404.
/// </summary>
public sealed class OperationsOptions : IValidatableObject
{
    public const string Section = "Operations";

    /// <summary>Serve /metrics (Prometheus text format) at all.</summary>
    public bool MetricsEnabled { get; set; } = true;

    /// <summary>CIDR networks besides loopback allowed to read /metrics.</summary>
    public List<string> MetricsAllowedNetworks { get; set; } = [];

    public bool MayReadMetrics(IPAddress? remote)
    {
        if (remote is null)
        {
            return false;
        }

        if (remote.IsIPv4MappedToIPv6)
        {
            remote = remote.MapToIPv4();
        }

        return IPAddress.IsLoopback(remote) || MetricsAllowedNetworks.Any(n => IPNetwork.Parse(n).Contains(remote));
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var network in MetricsAllowedNetworks)
        {
            if (!IPNetwork.TryParse(network, out _))
            {
                yield return new ValidationResult(
                    $"Operations:MetricsAllowedNetworks: '{network}' is not a network in CIDR form such as 10.0.0.0/8.",
                    [nameof(MetricsAllowedNetworks)]);
            }
        }
    }
}
