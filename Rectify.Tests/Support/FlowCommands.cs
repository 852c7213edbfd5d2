using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Rectify.Tests.Support;

/// <summary>
/// The SQL text of every command EF Core executes inside one asynchronous flow (through its DiagnosticListener): tests run in
/// parallel, so only the flow that asked is recorded, not the other tests' statements.
/// </summary>
public static class FlowCommands
{
    private static readonly AsyncLocal<List<string>?> Captured = new();
    private static readonly IDisposable Subscription = DiagnosticListener.AllListeners.Subscribe(new ListenerObserver());

    /// <summary>Runs <paramref name="action"/> and returns its result with the commands it sent, in order.</summary>
    public static async Task<(T Result, List<string> Commands)> CaptureAsync<T>(Func<Task<T>> action)
    {
        GC.KeepAlive(Subscription);
        var commands = new List<string>();
        Captured.Value = commands;
        try
        {
            var result = await action();
            lock (commands)
            {
                return (result, [.. commands]);
            }
        }
        finally
        {
            Captured.Value = null;
        }
    }

    private sealed class ListenerObserver : IObserver<DiagnosticListener>
    {
        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                value.Subscribe(new CommandObserver());
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }

    private sealed class CommandObserver : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData data && Captured.Value is { } list)
            {
                lock (list)
                {
                    list.Add(data.Command.CommandText);
                }
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
