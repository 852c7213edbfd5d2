using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace Rectify.Web.Components.Shared;

/// <summary>
/// <see cref="DataAnnotationsValidator"/> with the messages in the requester's language: each attribute's
/// <c>ErrorMessage</c> is a text key ("Validation.Required"), looked up in the injected localizer with the attribute's
/// figures as arguments ({1} the maximum length, {2} the minimum …, as DataAnnotations number them).
/// </summary>
public sealed class TextValidator : ComponentBase, IDisposable
{
    private ValidationMessageStore? _messages;
    private EditContext? _context;

    [CascadingParameter]
    private EditContext? CurrentEditContext { get; set; }

    [Inject]
    private IStringLocalizer<Text> T { get; set; } = default!;

    public void Dispose()
    {
        if (_context is not null)
        {
            _context.OnValidationRequested -= ValidateModel;
            _context.OnFieldChanged -= ValidateField;
        }
    }

    protected override void OnParametersSet()
    {
        if (CurrentEditContext is null)
        {
            throw new InvalidOperationException($"{nameof(TextValidator)} must be placed inside an EditForm.");
        }

        if (ReferenceEquals(CurrentEditContext, _context))
        {
            return;
        }

        Dispose();
        _context = CurrentEditContext;
        _messages = new ValidationMessageStore(_context);
        _context.OnValidationRequested += ValidateModel;
        _context.OnFieldChanged += ValidateField;
    }

    private void ValidateModel(object? sender, ValidationRequestedEventArgs e)
    {
        _messages!.Clear();
        var model = _context!.Model;
        foreach (var property in model.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            Validate(new FieldIdentifier(model, property.Name), property);
        }

        _context.NotifyValidationStateChanged();
    }

    private void ValidateField(object? sender, FieldChangedEventArgs e)
    {
        if (e.FieldIdentifier.Model.GetType().GetProperty(e.FieldIdentifier.FieldName) is { } property)
        {
            _messages!.Clear(e.FieldIdentifier);
            Validate(e.FieldIdentifier, property);
            _context!.NotifyValidationStateChanged();
        }
    }

    private void Validate(FieldIdentifier field, PropertyInfo property)
    {
        var value = property.GetValue(field.Model);
        var context = new ValidationContext(field.Model) { MemberName = property.Name, DisplayName = property.Name };
        foreach (var attribute in property.GetCustomAttributes<ValidationAttribute>())
        {
            if (attribute.GetValidationResult(value, context) is not null)
            {
                _messages!.Add(field, Message(attribute, property.Name));
            }
        }
    }

    private string Message(ValidationAttribute attribute, string name)
    {
        var key = attribute.ErrorMessage
            ?? throw new InvalidOperationException($"{attribute.GetType().Name} on {name} needs ErrorMessage set to a text key.");
        object[] arguments = attribute switch
        {
            StringLengthAttribute length => [name, length.MaximumLength, length.MinimumLength],
            RangeAttribute range => [name, range.Minimum, range.Maximum],
            CompareAttribute compare => [name, compare.OtherProperty],
            _ => [name],
        };
        return T[key, arguments];
    }
}
