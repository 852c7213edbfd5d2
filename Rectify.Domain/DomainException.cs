namespace Rectify.Domain;

/// <summary>
/// A domain rule refused an operation. <see cref="Code"/> is stable (UI resource key, logs, tests);
/// <see cref="Exception.Message"/> is the Simplified-Chinese text a user sees by default.
/// </summary>
public class DomainException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>The actor may not do this to this item (or may not do it at all).</summary>
public sealed class DomainForbiddenException(string code, string? message = null)
    : DomainException(code, message ?? DefaultMessage)
{
    public const string DefaultMessage = "您无权对该整改事项执行此操作。";
}
