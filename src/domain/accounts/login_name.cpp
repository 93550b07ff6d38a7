#include "domain/accounts/login_name.h"

#include "core/text.h"

namespace doma::accounts {

Result<LoginName> ParseLoginName(std::string_view input) {
  input = text::Trim(input);
  if (input.empty()) return Fail(Error::Invalid("login", "Укажите e-mail или номер телефона."));
  if (input.size() > 254 || !text::IsValidUtf8(input))
    return Fail(Error::Invalid("login", "Слишком длинный e-mail или номер телефона."));
  LoginName out;
  if (input.find('@') != std::string_view::npos) {
    auto at = input.find('@');
    auto local = input.substr(0, at);
    auto domain = input.substr(at + 1);
    bool ok = !local.empty() && domain.find('.') != std::string_view::npos &&
              domain.find('@') == std::string_view::npos && domain.front() != '.' &&
              domain.back() != '.' && input.find(' ') == std::string_view::npos;
    for (unsigned char c : input)
      if (c <= 0x20 || c == 0x7F || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' ||
          c == '\\' || c == '(' || c == ')')
        ok = false;
    if (!ok)
      return Fail(Error::Invalid("login", "Проверьте e-mail: он должен быть вида имя@почта.ru."));
    for (char c : input)
      out.email.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    return out;
  }
  std::string digits;
  bool plus = false;
  for (char c : input) {
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.') {
      return Fail(
          Error::Invalid("login", "Укажите e-mail или номер телефона, например +7 912 345-67-89."));
    }
  }
  if (digits.size() == 11 && (digits[0] == '7' || (digits[0] == '8' && !plus))) {
    digits = digits.substr(1);
  } else if (!(digits.size() == 10 && !plus)) {
    return Fail(
        Error::Invalid("login", "Номер телефона: 10 цифр после +7, например +7 912 345-67-89."));
  }
  out.phone = "+7" + digits;
  return out;
}

Status CheckNewPassword(std::string_view password) {
  if (!text::IsValidUtf8(password))
    return Fail(Error::Invalid("password", "Пароль содержит символы в неверной кодировке."));
  auto n = text::Length(password);
  if (n < 10) return Fail(Error::Invalid("password", "Пароль должен быть не короче 10 символов."));
  if (n > 128)
    return Fail(Error::Invalid("password", "Пароль должен быть не длиннее 128 символов."));
  return {};
}

}  // namespace doma::accounts
