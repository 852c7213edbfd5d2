using System.Globalization;

namespace Rectify.Web.Localization;

/// <summary><see cref="Text.Get"/> with composite-format arguments, for messages built outside components.</summary>
public static class TextFormat
{
    public static string Get(string key, params object[] args) =>
        string.Format(CultureInfo.CurrentCulture, Text.Get(key), args);
}
