#include "domain/accounts/messages.h"

#include <fmt/format.h>

namespace doma::accounts {

std::string SignUpCodeText(const std::string& code) {
  return fmt::format(
      "Ваш код для регистрации на портале «Дома»: {}\nОн действует 30 минут. Если вы не "
      "регистрировались, ничего не делайте: без кода учётная запись не появится.",
      code);
}

std::string SignUpTriedText() {
  return "Кто-то пытается зарегистрироваться на портале «Дома» с вашим e-mail или телефоном, "
         "но учётная запись у вас уже есть. Если это были вы, войдите или восстановите пароль "
         "(«Забыли пароль?» на странице входа). Если нет, ничего не делайте.";
}

std::string ResetCodeText(const std::string& code) {
  return fmt::format(
      "Ваш код для смены пароля: {}\nОн действует 30 минут. Если вы не просили сменить "
      "пароль, ничего не делайте: пароль останется прежним.",
      code);
}

std::string ResetNoAccountText() {
  return "Кто-то просил сменить пароль на портале «Дома» для вашего e-mail или телефона, но "
         "учётной записи с ним нет. Если это были вы, зарегистрируйтесь. Если нет, ничего не "
         "делайте.";
}

}  // namespace doma::accounts
