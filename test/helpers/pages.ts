// Every public page and its title: the HTTP suite checks each renders, and the browser
// suite runs axe on each. A feature that adds a public page adds it here.
export const publicPages = [
  ["/", "Home"],
  ["/report", "Report something"],
  ["/apply", "Apply for something"],
  ["/feedback", "Compliments, complaints and feedback"],
  ["/area", "Your area"],
  ["/area/camden", "Camden"],
  ["/area/camden/camden-town", "Camden Town, Camden"],
  ["/advice", "Advice"],
  ["/advice?category=burglary", "Advice about burglary"],
  ["/advice/keep-your-bike-safe", "Keep your bike safe"],
  ["/information/what-happens-after-you-report", "What happens after you report a crime"],
  ["/news", "News"],
  ["/notices/camden-town-bike-marking", "Bike marking outside Camden Town station"],
  ["/track", "Track your report"],
  ["/contact", "Contact us"],
  ["/accessibility", "Accessibility statement"],
  ["/privacy", "Privacy notice"],
  ["/cookies", "Cookies"],
] as const;
