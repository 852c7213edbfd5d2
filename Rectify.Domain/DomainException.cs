namespace Rectify.Domain;

/// <summary>
/// A domain rule refused an operation. <see cref="Code"/> is stable (UI resource key, logs, tests);
/// <see cref="Exception.Message"/> is the Simplified-Chinese text a user sees by default.
/// </summary>
public class DomainException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>
    /// The input the refusal concerns, named as the property of the input type that carries it (e.g.
    /// <c>nameof(ItemDetails.Description)</c>), set where the rule is checked; null when it concerns the operation as a whole.
    /// A form or an import shows the refusal beside that field.
    /// </summary>
    public string? Field { get; init; }

    /// <summary>The values the text under "Domain.{Code}" needs for its placeholders ({0}, {1}…), e.g. a maximum length.</summary>
    public IReadOnlyList<object> Arguments { get; init; } = [];
}

/// <summary>The actor may not do this to this item (or may not do it at all).</summary>
public sealed class DomainForbiddenException(string code, string? message = null)
    : DomainException(code, message ?? DefaultMessage)
{
    public const string DefaultMessage = "您无权对该整改事项执行此操作。";
}
