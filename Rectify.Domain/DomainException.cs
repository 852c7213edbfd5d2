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

    public IReadOnlyList<object> Arguments { get; } = arguments;
}
