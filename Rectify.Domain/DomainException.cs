namespace Rectify.Domain;

/// <summary>
/// A domain rule refused an operation. The domain speaks no language: <see cref="Code"/> is stable (the UI's text key
/// "Domain.{code}", logs, tests) and <see cref="Arguments"/> fill the text's placeholders ({0}, {1:…}).
/// <see cref="Exception.Message"/> is the code with its arguments, for logs only.
/// </summary>
public class DomainException(string code, params object[] arguments)
    : Exception(arguments.Length == 0 ? code : $"{code} ({string.Join(", ", arguments)})")
{
    public string Code { get; } = code;

    /// <summary>
    /// The input the refusal concerns, named as the property of the input type that carries it (e.g.
    /// <c>nameof(ItemDetails.Description)</c>), set where the rule is checked; null when it concerns the operation as a whole.
    /// A form or an import shows the refusal beside that field.
    /// </summary>
    public string? Field { get; init; }

    /// <summary>The values the text under "Domain.{Code}" needs for its placeholders ({0}, {1}…), e.g. a maximum length.</summary>
    public IReadOnlyList<object> Arguments { get; } = arguments;
}
