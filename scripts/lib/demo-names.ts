// Fictional Japanese customer companies and people for the demo data (slug, display name).

export const DEMO_COMPANIES: Array<[string, string]> = [
  ['sakura-seiki', 'さくら精機株式会社'],
  ['minato-logi', 'みなと物流株式会社'],
  ['aoba-foods', 'あおば食品株式会社'],
  ['hikari-denki', 'ひかり電機株式会社'],
  ['tsubasa-travel', 'つばさトラベル株式会社'],
  ['yamato-kensetsu', 'やまと建設株式会社'],
  ['shirakawa-pharma', '白川製薬株式会社'],
  ['kohaku-design', '株式会社こはくデザイン'],
  ['akatsuki-bank', 'あかつき信用金庫'],
  ['midori-agri', 'みどりアグリ株式会社'],
  ['iroha-retail', '株式会社いろはリテール'],
  ['hayate-motors', 'はやてモータース株式会社'],
  ['nagomi-care', '株式会社なごみケア'],
  ['kaede-edu', 'かえで教育株式会社'],
  ['subaru-soft', 'すばるソフトウェア株式会社'],
  ['tachibana-hotel', '橘ホテルズ株式会社'],
  ['hokuto-energy', '北斗エナジー株式会社'],
  ['yuzuriha-insurance', 'ゆずりは損害保険株式会社'],
  ['asahi-print', '朝日印刷工業株式会社'],
  ['kumo-cloud', '株式会社クモクラウド'],
  ['sango-marine', 'さんご海運株式会社'],
  ['fuji-textile', '富士テキスタイル株式会社'],
  ['momiji-realestate', 'もみじ不動産株式会社'],
  ['kirin-clinic', '医療法人きりん会'],
  ['ginga-games', '株式会社ぎんがゲームス'],
  ['tsukushi-bakery', 'つくしベーカリー株式会社'],
  ['hanabi-event', '株式会社はなびイベント'],
  ['seiran-consulting', '青藍コンサルティング株式会社'],
  ['mirai-robotics', 'みらいロボティクス株式会社'],
  ['kogane-trading', 'こがね商事株式会社'],
];

export const FAMILY_NAMES: Array<[string, string]> = [
  ['佐藤', 'sato'], ['鈴木', 'suzuki'], ['高橋', 'takahashi'], ['田中', 'tanaka'], ['伊藤', 'ito'],
  ['渡辺', 'watanabe'], ['山本', 'yamamoto'], ['中村', 'nakamura'], ['小林', 'kobayashi'], ['加藤', 'kato'],
  ['吉田', 'yoshida'], ['山田', 'yamada'], ['佐々木', 'sasaki'], ['山口', 'yamaguchi'], ['松本', 'matsumoto'],
  ['井上', 'inoue'], ['木村', 'kimura'], ['林', 'hayashi'], ['斎藤', 'saito'], ['清水', 'shimizu'],
];

export const GIVEN_NAMES: Array<[string, string]> = [
  ['翔太', 'shota'], ['美咲', 'misaki'], ['大輔', 'daisuke'], ['陽菜', 'hina'], ['健太', 'kenta'],
  ['さくら', 'sakura'], ['拓海', 'takumi'], ['結衣', 'yui'], ['蓮', 'ren'], ['葵', 'aoi'],
  ['直樹', 'naoki'], ['彩', 'aya'], ['悠斗', 'yuto'], ['真由美', 'mayumi'], ['誠', 'makoto'], ['恵', 'megumi'],
];
